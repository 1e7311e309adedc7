#include "suites/observability/observability_judges.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <tuple>

namespace sandcheck::egress {
namespace {

// The flow log, or why there is none to read.
Result<std::vector<nlohmann::json>> FlowLog(const Exercise& exercise) {
  const auto& proxy = exercise.world->proxy();
  if (!proxy) return Fail("the deployment has no proxy: nothing logs the sandbox's requests");
  if (!proxy->flow_log) return Fail("the deployment's proxy keeps no flow log");
  return exercise.world->ProxyFlows();
}

std::string HostOnly(const std::string& authority) {
  return authority.substr(0, authority.find(':'));
}

bool LogsGet(const nlohmann::json& flow, const ProxiedRequest& request) {
  return flow.value("method", "") == "GET" && flow.value("scheme", "") == request.scheme() &&
         flow.value("host", "") == request.name && flow.value("path", "") == request.path;
}

bool LogsConnect(const nlohmann::json& flow, const ProxiedRequest& request) {
  return flow.value("method", "") == "CONNECT" && flow.value("host", "") == request.name;
}

// The log lines `request` must have: HTTP, its GET; HTTPS, its CONNECT (refused or tunnelled)
// and, once the probe's TLS handshake with the proxy succeeded and it sent the GET, that GET.
// A request the probe never sent (a failed handshake) is not the sandbox's request.
std::vector<std::string> MissingFromLog(const Exercise& exercise, const ProxiedRequest& request,
                                        const std::vector<nlohmann::json>& flows) {
  auto any = [&](auto&& matches) { return std::any_of(flows.begin(), flows.end(), matches); };
  std::vector<std::string> missing;
  auto get_logged = [&] { return any([&](const auto& flow) { return LogsGet(flow, request); }); };
  if (!request.tls) {
    if (!get_logged()) missing.push_back("GET " + request.url());
    return missing;
  }
  if (!any([&](const auto& flow) { return LogsConnect(flow, request); })) {
    missing.push_back("CONNECT " + request.name);
  }
  auto probed = HttpResult(exercise, request);
  bool sent = probed.ok() && probed->value("tls", nlohmann::json()).is_object() &&
              probed->at("tls").value("handshake", nlohmann::json()).value("ok", false);
  if (sent && !get_logged()) missing.push_back("GET " + request.url());
  return missing;
}

}  // namespace

CheckResult JudgeEveryRequestLogged(const Exercise& exercise, ResultBuilder& result) {
  auto flows = FlowLog(exercise);
  if (!flows.ok()) return result.Fail(flows.message());
  std::vector<std::string> missing;
  for (const ProxiedRequest& request : exercise.requests) {
    for (std::string& line : MissingFromLog(exercise, request, *flows)) {
      missing.push_back(std::move(line));
    }
  }
  result.evidence()["flows"] = flows->size();
  result.evidence()["missing"] = missing;
  if (!missing.empty()) {
    return result.Fail(fmt::format("{} request(s) of the sandbox are not in the flow log: {}",
                                   missing.size(), fmt::join(missing, ", ")));
  }
  return result.Pass(fmt::format(
      "all {} requests of the sandbox (HTTP, and HTTPS with their CONNECTs) are in the flow log",
      exercise.requests.size()));
}

CheckResult JudgeNoUnloggedTraffic(const Exercise& exercise, ResultBuilder& result) {
  // (scheme, host, path) of every request the log says went upstream, with its count.
  std::map<std::tuple<std::string, std::string, std::string>, int> forwarded;
  auto flows = FlowLog(exercise);
  if (flows.ok()) {
    for (const auto& flow : *flows) {
      if (flow.value("decision", "") == "forwarded") {
        ++forwarded[{flow.value("scheme", ""), flow.value("host", ""), flow.value("path", "")}];
      }
    }
  }
  std::vector<std::string> unlogged;
  for (const HostReceipt& entry : exercise.web) {
    const HttpReceipt& receipt = entry.receipt;
    auto host = receipt.headers.find("host");
    std::tuple<std::string, std::string, std::string> key = {
        receipt.tls ? "https" : "http", host == receipt.headers.end() ? "" : HostOnly(host->second),
        receipt.target};
    auto found = forwarded.find(key);
    if (receipt.parsed && found != forwarded.end() && found->second > 0) {
      --found->second;
      continue;
    }
    std::string port = receipt.tls ? "HTTPS" : "HTTP";
    unlogged.push_back(
        receipt.parsed
            ? fmt::format("{}: {} {} {}", entry.world_host, port, receipt.method, receipt.target)
            : fmt::format("{}: an {} connection from {}", entry.world_host, port, receipt.peer));
  }
  for (const Datagram& datagram : exercise.canary_datagrams) {
    unlogged.push_back("canary: a UDP datagram from " + datagram.peer);
  }
  for (const Datagram& datagram : exercise.canary_dns) {
    unlogged.push_back("canary: a DNS query from " + datagram.peer);
  }
  std::vector<std::string> never_arrived;
  for (const auto& [key, count] : forwarded) {
    if (count > 0) {
      never_arrived.push_back(
          fmt::format("{}://{}{}", std::get<0>(key), std::get<1>(key), std::get<2>(key)));
    }
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
