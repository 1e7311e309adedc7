#include "suites/egress/observability_judges.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>

namespace sandcheck::egress {
namespace {

// The flow log, or why there is none to read.
Result<std::vector<nlohmann::json>> FlowLog(const Exercise& exercise) {
  if (!exercise.link->proxy) {
    return Fail("the deployment has no proxy: nothing logs the sandbox's requests");
  }
  const ProxyProcess& proxy = *exercise.link->proxy->process;
  if (proxy.flow_log().empty()) return Fail("the deployment's proxy keeps no flow log");
  return proxy.Flows();
}

std::string HostOnly(const std::string& authority) {
  return authority.substr(0, authority.find(':'));
}

}  // namespace

CheckResult JudgeEveryRequestLogged(const Exercise& exercise, ResultBuilder& result) {
  auto flows = FlowLog(exercise);
  if (!flows.ok()) return result.Fail(flows.message());
  std::vector<std::string> missing;
  for (const ProxiedRequest& request : exercise.requests) {
    bool logged = false;
    for (const auto& flow : *flows) {
      logged = logged ||
               (flow.value("host", "") == request.name && flow.value("path", "") == request.path);
    }
    if (!logged) missing.push_back(request.name + request.path);
  }
  result.evidence()["flows"] = flows->size();
  result.evidence()["missing"] = missing;
  if (!missing.empty()) {
    return result.Fail(fmt::format("{} of {} requests are not in the flow log: {}", missing.size(),
                                   exercise.requests.size(), fmt::join(missing, ", ")));
  }
  return result.Pass(
      fmt::format("all {} requests of the sandbox are in the flow log", exercise.requests.size()));
}

CheckResult JudgeNoUnloggedTraffic(const Exercise& exercise, ResultBuilder& result) {
  // (host, path) of every request the log says went upstream, with its count.
  std::map<std::pair<std::string, std::string>, int> forwarded;
  auto flows = FlowLog(exercise);
  if (flows.ok()) {
    for (const auto& flow : *flows) {
      if (flow.value("decision", "") == "forwarded") {
        ++forwarded[{flow.value("host", ""), flow.value("path", "")}];
      }
    }
  }
  std::vector<std::string> unlogged;
  for (const HostReceipt& entry : exercise.web) {
    const HttpReceipt& receipt = entry.receipt;
    auto host = receipt.headers.find("host");
    std::pair<std::string, std::string> key = {
        host == receipt.headers.end() ? "" : HostOnly(host->second), receipt.target};
    auto found = forwarded.find(key);
    if (receipt.parsed && found != forwarded.end() && found->second > 0) {
      --found->second;
      continue;
    }
    unlogged.push_back(
        receipt.parsed ? fmt::format("{}: {} {}", entry.world_host, receipt.method, receipt.target)
                       : fmt::format("{}: a connection from {}", entry.world_host, receipt.peer));
  }
  for (const Datagram& datagram : exercise.canary_datagrams) {
    unlogged.push_back("canary: a UDP datagram from " + datagram.peer);
  }
  for (const Datagram& datagram : exercise.canary_dns) {
    unlogged.push_back("canary: a DNS query from " + datagram.peer);
  }
  std::vector<std::string> never_arrived;
  for (const auto& [key, count] : forwarded) {
    if (count > 0) never_arrived.push_back(key.first + key.second);
  }
  result.evidence()["unlogged"] = unlogged;
  result.evidence()["logged_but_not_received"] = never_arrived;
  if (!flows.ok()) result.evidence()["flow_log"] = flows.message();
  if (!unlogged.empty() || !never_arrived.empty()) {
    return result.Fail(fmt::format(
        "the world's hosts and the flow log disagree: {} unlogged ({}), {} logged as forwarded "
        "but never received",
        unlogged.size(), fmt::join(unlogged, "; "), never_arrived.size()));
  }
  return result.Pass(
      fmt::format("the world's hosts received exactly the {} forwarded requests "
                  "of the flow log, and nothing else",
                  exercise.web.size()));
}

}  // namespace sandcheck::egress
