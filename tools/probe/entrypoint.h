// Init mode as the sandbox's entrypoint: carries out EntrypointOptions.
#pragma once

#include <string>

#include "tools/probe/entrypoint_plan.h"

namespace sandcheck::probe {

// With entrypoint work: writes the credentials file (unless it exists: the seed keeps a
// refreshed token), then re-execs `self` as `init [-- COMMAND]` without the handed-over
// variables. execve, not unsetenv: only a new image gets a new /proc/<pid>/environ.
// Without: announces readiness (AnnounceReady) and execs the command, whose environment is
// therefore already clean. Returns only on failure (127), after saying why on stderr.
int RunEntrypoint(const std::string& self, const EntrypointOptions& options);

}  // namespace sandcheck::probe
