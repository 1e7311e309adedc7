// What the agent checks observe around a run of the real agent: the preconditions they share,
// the sandbox paths the probe sees afterwards, and canary secrets in tool results.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "suites/agent/agent_run.h"
#include "suites/framework/check_context.h"

namespace sandcheck {

// Not-applicable unless the deployment runs the claude-code image; skip unless it is on the
// world network, where the model double listens.
std::optional<CheckResult> AgentPrerequisites(CheckContext& context, bool needs_model);

// Writes every request the model double received during `run` (headers and JSON body) as the
// check's artifact `name`: the full conversation behind the evidence's excerpts.
Status WriteRequests(CheckContext& context, const AgentRun& run, std::string_view name);

// A fresh random token for markers and session words.
std::string FreshMarker();

// Whether each sandbox path exists, as the probe (as the deployment's user) sees it.
Result<std::vector<std::pair<std::string, bool>>> PathsExist(Sandbox& sandbox,
                                                             const std::vector<std::string>& paths,
                                                             Duration timeout);

// The descriptions of the run's canaries ("host environment ANTHROPIC_API_KEY") whose secret
// appears in any tool result of `run`. Plants the canaries first when the runner has not.
Result<std::vector<std::string>> CanariesInToolResults(const AgentRun& run);

}  // namespace sandcheck
