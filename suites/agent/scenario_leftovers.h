// What a scenario's sandbox leaves running on the host: processes whose command line carries
// the scenario's marker, found by reading the host's /proc. A background process the agent
// starts may run as long as its sandbox does; after the sandbox's teardown none may be left.
#pragma once

#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "clusters/substrate.h"
#include "core/timeouts.h"

namespace sandcheck {

struct HostProcess {
  pid_t pid = 0;
  std::string cmdline;  // arguments joined by spaces
};

// Every host process whose command line contains `marker`.
std::vector<HostProcess> HostProcessesCarrying(const std::string& marker);

// Problems after tearing `sandbox` down: a process carrying `marker` that still runs on the
// host (waited for up to `timeout`: a killed namespace's processes die asynchronously). Each
// one found is killed by its pid, since this run's sandbox started it. Requires that such a
// process ran before the teardown, else there is nothing to judge (an error).
Result<std::vector<std::string>> LeftoversAfterTeardown(Sandbox& sandbox, const std::string& marker,
                                                        Duration timeout, nlohmann::json& evidence);

}  // namespace sandcheck
