// Runs many short commands in a sandbox in one exec of the probe's batch mode
// (`sandcheck-probe batch`, docs/probe.md). A runtime exec costs about 0.2 s under runsc; a fork
// inside the batch a few milliseconds.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "clusters/substrate.h"
#include "core/process.h"
#include "core/result.h"

namespace sandcheck {

struct BatchCommand {
  std::vector<std::string> argv;  // argv[0] absolute: the probe does no PATH lookup
  std::string stdin_data;
  Duration timeout{0};
};

// One result per command, in order, as Sandbox::Exec would give it: a non-zero exit is an
// outcome; a command the probe could not start, or never reached because the batch ended early
// (the sandbox died), is an error saying why. `env` is added to every command's environment.
// The exec's own deadline is the sum of the commands' plus `overhead`.
std::vector<Result<ProcessOutcome>> ExecBatch(Sandbox& sandbox,
                                              const std::vector<BatchCommand>& commands,
                                              const std::map<std::string, std::string>& env,
                                              Duration overhead);

// The pure part of ExecBatch: the batch's stdin document, and reading the probe's output lines
// back given how the exec ended.
std::string BatchInput(const std::vector<BatchCommand>& commands);
std::vector<Result<ProcessOutcome>> ReadBatchOutput(const Result<ProcessOutcome>& exec,
                                                    size_t count);

}  // namespace sandcheck
