#include "suites/agent/model_route_check.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "clusters/world_view.h"
#include "suites/agent/agent_evidence.h"
#include "suites/agent/agent_run.h"

namespace sandcheck {
namespace {

// What the model API saw of one request: where it came from and which key it carried, named
// but never printed.
nlohmann::json DescribeArrival(const RecordedRequest& request, const WorldView& world) {
  auto key = request.headers.find("x-api-key");
  std::string carried = key == request.headers.end()        ? "none"
                        : key->second == kPlaceholderApiKey ? "the sandbox's placeholder"
                        : !world.credential().empty() && key->second == world.credential()
                            ? "the credential proxy's key"
                            : "another key";
  return {{"peer", request.peer}, {"target", request.target}, {"x-api-key", carried}};
}

// Problems with the requests that reached the model API during `run`.
std::vector<std::string> RouteProblems(const AgentRun& run, const WorldView& world,
                                       nlohmann::json& evidence) {
  std::vector<std::string> problems;
  for (const auto& request : run.requests) {
    nlohmann::json arrival = DescribeArrival(request, world);
    evidence["arrivals"].push_back(arrival);
    if (!world.FromProxy(request.peer)) {
      problems.push_back(
          fmt::format("{} came from {}, not from the egress proxy", request.target, request.peer));
    }
    if (arrival["x-api-key"] != "the credential proxy's key") {
      problems.push_back(fmt::format("{} carried {} as x-api-key, not the credential proxy's key",
                                     request.target, arrival["x-api-key"].get<std::string>()));
    }
  }
  return problems;
}

// Problems with the proxy's account of the same requests: each forwarded with the key added.
Result<std::vector<std::string>> FlowProblems(const WorldView& world, nlohmann::json& evidence) {
  std::vector<std::string> problems;
  if (!world.proxy()) return problems;
  ASSIGN_OR_RETURN(auto flows, world.ProxyFlows());
  size_t injected = 0;
  for (const auto& flow : flows) {
    if (flow.value("host", "") != kModelApiName) continue;
    evidence["model_api_flows"].push_back(flow);
    const auto& headers = flow.value("injected", nlohmann::json::array());
    bool added = std::find(headers.begin(), headers.end(), "x-api-key") != headers.end();
    if (flow.value("decision", "") == "forwarded" && added) ++injected;
  }
  if (injected == 0) {
    problems.push_back(
        fmt::format("the proxy's flow log shows no request to {} forwarded with x-api-key added",
                    kModelApiName));
  }
  return problems;
}

}  // namespace

CheckResult ModelReachedThroughProxies(CheckContext& context) {
  if (auto early = AgentPrerequisites(context, true)) return *early;
  ResultBuilder result(context.check().id);
  auto sandbox = context.AcquireFresh("agent-route");
  if (!sandbox.ok()) return result.Error(sandbox.error());
  const WorldView* world = (*sandbox)->world();
  if (world == nullptr) return result.Error("the agent's sandbox is not in the world");
  auto api = StartModelApi(**sandbox, {TextTurn("hello")});
  if (!api.ok()) return result.Error(api.error());
  auto run = RunAgent(**sandbox, *api, PrintInvocation("say hello", context.timeouts()));
  if (!run.ok()) return result.Error(run.error());
  result.evidence() = run->Evidence();
  if (Status written = WriteRequests(context, *run, "requests.json"); !written.ok()) {
    return result.Error(written.error());
  }
  std::vector<std::string> problems;
  if (!world->proxy()) {
    problems.push_back(
        "the deployment has no egress proxy: the agent reaches the model API straight from "
        "the sandbox");
  }
  for (const auto& [name, value] : (*sandbox)->deployment().env) {
    if (!world->credential().empty() && value.find(world->credential()) != std::string::npos) {
      problems.push_back(fmt::format("the API key is in the sandbox's environment ({})", name));
    }
  }
  if (run->requests.empty()) {
    problems.push_back(
        fmt::format("no request reached the model API ({})", run->outcome.DescribeEnd()));
  }
  auto route = RouteProblems(*run, *world, result.evidence());
  problems.insert(problems.end(), route.begin(), route.end());
  auto flows = FlowProblems(*world, result.evidence());
  if (!flows.ok()) return result.Error(flows.error());
  problems.insert(problems.end(), flows->begin(), flows->end());
  result.evidence()["problems"] = problems;
  if (!problems.empty()) return result.Fail(fmt::format("{}", fmt::join(problems, "; ")));
  return result.Pass(fmt::format(
      "all {} requests reached the model API from the egress proxy ({}), each with the key the "
      "credential proxy added; the sandbox holds a placeholder",
      run->requests.size(), world->proxy()->hub_address));
}

}  // namespace sandcheck
