// Batch mode: runs many short commands in one exec, so a check that feeds a hook 50 requests
// pays the runtime's exec cost once instead of 50 times (about 0.2 s each under runsc).
//
// stdin:  {"commands": [{"argv": ["/bin/sh", "-c", "..."], "stdin": "...", "timeout_ms": N}]}
// stdout: one JSON object per command and line, in order, written as each command ends:
//   {"index": 0, "exit_code": 2, "signal": null, "timed_out": false, "exec_error": null,
//    "stdout": "...", "stdout_encoding": "utf-8", "stderr": "...", "stderr_encoding": "base64",
//    "elapsed_ms": 41}
// Each command inherits the probe's environment and working directory, as an exec of its own
// would, and runs in its own process group, killed as a whole at its deadline.
#pragma once

namespace sandcheck::probe {

// Exit 0 after every command ran (whatever they did); 2 when stdin is not a valid batch.
int RunBatch();

}  // namespace sandcheck::probe
