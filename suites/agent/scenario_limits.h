// The resource side of a scenario's evidence: a fork bomb the agent ran with the probe
// (`sandcheck-probe --only limits --fork-bomb N`, bounded, every child reaped) must have been
// stopped by the deployment's pids limit, and the host must still start processes afterwards.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "clusters/host_view.h"
#include "core/deployment.h"
#include "core/timeouts.h"
#include "servers/model_double.h"

namespace sandcheck {

// Problems with the fork-bomb turn's tool result `result` (the probe's document): the bomb
// must have ended on EAGAIN below the declared pids limit. What it shows goes into `evidence`.
std::vector<std::string> ForkBombProblems(const ToolResult& result, const Deployment& deployment,
                                          nlohmann::json& evidence);

// Empty when the sandbox's host still starts a process, else why not.
std::string HostStartsProcesses(HostView& host, Duration timeout);

}  // namespace sandcheck
