#include "suites/agent/agent_run.h"

#include <set>

#include "clusters/world_view.h"
#include "core/claude_code_image.h"

namespace sandcheck {

Result<ModelApi> StartModelApi(const Sandbox& sandbox, std::vector<ScriptedTurn> turns) {
  const WorldView* world = sandbox.world();
  if (world == nullptr) {
    return Fail("sandbox {} is not in a world, where the model double listens", sandbox.name());
  }
  ASSIGN_OR_RETURN(HarnessListener listener, world->Listen(kModelApiHost));
  ModelApi api;
  ASSIGN_OR_RETURN(api.server, ModelDouble::Start(listener.fd, std::move(turns)));
  api.base_url = fmt::format("http://{}:{}", kModelApiName, listener.port);
  return api;
}

AgentInvocation PrintInvocation(const std::string& prompt, const Timeouts& timeouts) {
  AgentInvocation invocation;
  invocation.args = {"--print", "--dangerously-skip-permissions", prompt};
  invocation.timeout = timeouts.exec * 2;
  return invocation;
}

std::map<std::string, std::string> AgentEnvironment(const Deployment& deployment,
                                                    const std::string& base_url) {
  std::map<std::string, std::string> env = {
      {"ANTHROPIC_BASE_URL", base_url}, {"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1"},
      {"DISABLE_TELEMETRY", "1"},       {"DISABLE_AUTOUPDATER", "1"},
      {"DISABLE_ERROR_REPORTING", "1"},
  };
  if (!deployment.env.contains("ANTHROPIC_API_KEY")) env["ANTHROPIC_API_KEY"] = kPlaceholderApiKey;
  for (const auto& [name, value] : deployment.env) env.erase(name);
  return env;
}

std::vector<ToolResult> AgentRun::ToolResults() const {
  std::vector<ToolResult> results;
  std::set<std::string> seen;
  for (const auto& request : requests) {
    for (auto& result : ToolResultsOf(request)) {
      if (seen.insert(result.tool_use_id).second) results.push_back(std::move(result));
    }
  }
  return results;
}

nlohmann::json AgentRun::Evidence() const {
  nlohmann::json results = nlohmann::json::array();
  for (const auto& result : ToolResults()) {
    results.push_back({{"tool_use_id", result.tool_use_id},
                       {"is_error", result.is_error},
                       {"content", Tail(result.content, 2000)}});
  }
  nlohmann::json targets = nlohmann::json::array();
  for (const auto& request : requests) targets.push_back(request.method + " " + request.target);
  return {{"exit", outcome.DescribeEnd()},
          {"stdout_tail", Tail(outcome.out, 1000)},
          {"stderr_tail", Tail(outcome.err, 1000)},
          {"requests", targets},
          {"tool_results", results}};
}

namespace {

// As the deployment's user, or as the invocation's uid through the sandbox's ExecAsUser.
Result<ProcessOutcome> ExecAsInvoked(Sandbox& sandbox, const ExecRequest& request,
                                     const AgentInvocation& invocation) {
  if (!invocation.uid && !invocation.gid) return sandbox.Exec(request);
  ExecAsUser* as_user = sandbox.exec_as_user();
  if (as_user == nullptr) return Fail("{} cannot exec as another uid", sandbox.name());
  const UserSpec& user = sandbox.deployment().user;
  return as_user->ExecAs(request, invocation.uid.value_or(user.uid),
                         invocation.gid.value_or(user.gid));
}

}  // namespace

Result<AgentRun> RunAgent(Sandbox& sandbox, const ModelApi& api,
                          const AgentInvocation& invocation) {
  ExecRequest request;
  request.argv = {std::string(kClaudeBinaryInImage)};
  request.argv.insert(request.argv.end(), invocation.args.begin(), invocation.args.end());
  request.env = AgentEnvironment(sandbox.deployment(), api.base_url);
  for (const auto& [name, value] : invocation.env) request.env[name] = value;
  request.timeout = invocation.timeout;
  AgentRun run;
  size_t before = api.server->Requests().size();
  run.started = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(run.outcome, ExecAsInvoked(sandbox, request, invocation));
  auto all = api.server->Requests();
  run.requests.assign(all.begin() + static_cast<std::ptrdiff_t>(before), all.end());
  return run;
}

}  // namespace sandcheck
