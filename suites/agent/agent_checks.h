// The agent family: the real Claude Code CLI run inside the deployment, driven by the model
// double's scripted turns, so hooks, permission rules and sandbox boundaries are proven against
// the agent itself (docs/agent.md).
#pragma once

#include <vector>

#include "suites/framework/check.h"

namespace sandcheck {

std::vector<CheckInfo> AgentChecks();

}  // namespace sandcheck
