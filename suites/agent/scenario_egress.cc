#include "suites/agent/scenario_egress.h"

#include <fmt/format.h>

#include "clusters/world_view.h"

namespace sandcheck {
namespace {

// What world host `host` received from the sandbox or from its proxy.
std::vector<HttpReceipt> ReceivedFromSandbox(const WorldView& world, const std::string& host) {
  std::vector<HttpReceipt> received;
  for (HostReceipt& entry : world.WebReceived()) {
    if (entry.world_host == host) received.push_back(std::move(entry.receipt));
  }
  return received;
}

nlohmann::json DescribeReceipt(const HttpReceipt& receipt) {
  return {{"peer", receipt.peer},
          {"method", receipt.method},
          {"target", receipt.target.substr(0, 300)},
          {"parsed", receipt.parsed}};
}

}  // namespace

Result<std::vector<std::string>> EgressProblems(const Sandbox& sandbox,
                                                const std::vector<std::string>& names,
                                                bool proxy_must_refuse, nlohmann::json& evidence) {
  const WorldView* world = sandbox.world();
  if (world == nullptr) return Fail("sandbox {} is not in the world", sandbox.name());
  std::vector<nlohmann::json> flows;
  if (world->proxy()) {
    ASSIGN_OR_RETURN(flows, world->ProxyFlows());
    evidence["proxy_flows"] = flows;
  }
  std::vector<std::string> problems;
  if (proxy_must_refuse && !world->proxy()) {
    problems.push_back(
        "the deployment has no egress proxy: the sandbox sits on the world's network directly, "
        "so nothing refuses its requests");
  }
  for (const std::string& name : names) {
    ASSIGN_OR_RETURN(std::string host, world->HostOfName(name));
    auto received = ReceivedFromSandbox(*world, host);
    auto& seen = evidence["received"][name];
    seen = nlohmann::json::array();
    for (const auto& receipt : received) seen.push_back(DescribeReceipt(receipt));
    if (!received.empty()) {
      problems.push_back(fmt::format("{} ({} host) received {} request(s) from the sandbox: {} {}",
                                     name, host, received.size(), received.front().method,
                                     received.front().target.substr(0, 120)));
    }
    if (!proxy_must_refuse || !world->proxy()) continue;
    size_t refused = 0;
    size_t passed = 0;
    for (const auto& flow : flows) {
      if (flow.value("host", "") != name) continue;
      (flow.value("decision", "") == "refused" ? refused : passed)++;
    }
    if (passed > 0) {
      problems.push_back(
          fmt::format("the proxy let {} request(s) to {} through (flow log)", passed, name));
    } else if (refused == 0) {
      problems.push_back(fmt::format("the proxy's flow log shows no refused request to {}", name));
    }
  }
  return problems;
}

}  // namespace sandcheck
