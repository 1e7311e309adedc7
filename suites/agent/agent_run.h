// Runs the real Claude Code CLI inside a sandbox against the model double, which listens on the
// world's model-api host: the agent reaches it through ANTHROPIC_BASE_URL, and nothing else
// (the world has no route out, and Claude Code's nonessential traffic is switched off).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "clusters/substrate.h"
#include "core/result.h"
#include "core/timeouts.h"
#include "servers/model_double.h"

namespace sandcheck {

// The world name of the model API (docs/world.md): what a proxy's allowlist and credential
// injection match, and what the agent's base URL names.
inline constexpr char kModelApiName[] = "api.anthropic.com";
// The key Claude Code gets when the deployment hands it none: a real key never needs to be in
// the sandbox (a credential proxy adds it on the way out).
inline constexpr char kPlaceholderApiKey[] = "sk-ant-sandcheck-placeholder";

struct ModelApi {
  std::unique_ptr<ModelDouble> server;
  std::string base_url;  // http://api.anthropic.com:<port>
};

// A model double answering with `turns`, listening on the model-api host of `sandbox`'s world
// (WorldView::Listen), where every sandbox of that world reaches it. The agent reaches it by
// name: through its egress proxy when the deployment has one (the proxy resolves the name),
// else through the world's /etc/hosts. An error when the sandbox is not in a world.
Result<ModelApi> StartModelApi(const Sandbox& sandbox, std::vector<ScriptedTurn> turns);

struct AgentInvocation {
  std::vector<std::string> args;  // after the binary
  // Default: the deployment's user; another needs the sandbox's ExecAsUser.
  std::optional<uint32_t> uid;
  std::optional<uint32_t> gid;
  std::map<std::string, std::string> env;  // on top of AgentEnvironment
  Duration timeout{std::chrono::seconds(120)};
};

// `claude --print --dangerously-skip-permissions <prompt>`, the way the deployments run it. A
// run of the agent is a few exec's worth of work: it gets twice the exec deadline.
AgentInvocation PrintInvocation(const std::string& prompt, const Timeouts& timeouts);

// What Claude Code needs to talk to the double and to nothing else. The deployment's own
// environment wins: an ANTHROPIC_API_KEY it sets is the one the agent uses.
std::map<std::string, std::string> AgentEnvironment(const Deployment& deployment,
                                                    const std::string& base_url);

struct AgentRun {
  ProcessOutcome outcome;
  std::vector<RecordedRequest> requests;
  std::chrono::steady_clock::time_point started;

  // Every tool result the agent sent back, each once, in order.
  std::vector<ToolResult> ToolResults() const;
  // Exit, stderr tail, requests and tool results, for a check's evidence.
  nlohmann::json Evidence() const;
};

// Runs the agent in `sandbox` and collects what the double received meanwhile.
Result<AgentRun> RunAgent(Sandbox& sandbox, const ModelApi& api, const AgentInvocation& invocation);

}  // namespace sandcheck
