#include "suites/agent/scenario_egress.h"

#include <fmt/format.h>

#include "clusters/world/world_link.h"

namespace sandcheck {
namespace {

// The world host behind `name` ("canary" for canary.example.test and its subdomains).
Result<std::string> WorldHostOf(std::string_view name) {
  for (const WorldName& known : WorldNames()) {
    if (name == known.name ||
        (name.ends_with(known.name) && name[name.size() - known.name.size() - 1] == '.')) {
      return known.host;
    }
  }
  return Fail("'{}' is not a world name (docs/world.md lists them)", name);
}

bool FromAddress(const std::string& peer, const std::string& address) {
  return !address.empty() && peer.starts_with(address + ":");
}

// What `host` received from the sandbox's address or its proxy's address on the hub.
std::vector<HttpReceipt> ReceivedFromSandbox(const WorldLink& link, const std::string& host) {
  std::vector<HttpReceipt> received;
  const HttpHost* web = link.services->Web(host);
  if (web == nullptr) return received;
  std::string proxy = link.proxy ? link.proxy->hub_address : std::string();
  for (auto& receipt : web->Receipts()) {
    if (FromAddress(receipt.peer, link.sandbox_address) || FromAddress(receipt.peer, proxy)) {
      received.push_back(std::move(receipt));
    }
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
  const WorldLink* link = sandbox.world_link();
  if (link == nullptr) return Fail("sandbox {} is not in the world", sandbox.name());
  std::vector<nlohmann::json> flows;
  if (link->proxy) {
    ASSIGN_OR_RETURN(flows, link->proxy->process->Flows());
    evidence["proxy_flows"] = flows;
  }
  std::vector<std::string> problems;
  if (proxy_must_refuse && !link->proxy) {
    problems.push_back(
        "the deployment has no egress proxy: the sandbox sits on the world's network directly, "
        "so nothing refuses its requests");
  }
  for (const std::string& name : names) {
    ASSIGN_OR_RETURN(std::string host, WorldHostOf(name));
    auto received = ReceivedFromSandbox(*link, host);
    auto& seen = evidence["received"][name];
    seen = nlohmann::json::array();
    for (const auto& receipt : received) seen.push_back(DescribeReceipt(receipt));
    if (!received.empty()) {
      problems.push_back(fmt::format("{} ({} host) received {} request(s) from the sandbox: {} {}",
                                     name, host, received.size(), received.front().method,
                                     received.front().target.substr(0, 120)));
    }
    if (!proxy_must_refuse || !link->proxy) continue;
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
