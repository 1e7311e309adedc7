#include "suites/egress/proxy_judges.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "suites/egress/http_response.h"

namespace sandcheck::egress {
namespace {

constexpr std::string_view kNoProxy =
    "the deployment has no egress proxy: the sandbox sits on the world's network directly, so "
    "nothing filters its requests";

const ProxiedRequest* RequestTo(const Exercise& exercise, std::string_view name) {
  for (const ProxiedRequest& request : exercise.requests) {
    if (request.name == name) return &request;
  }
  return nullptr;
}

// The probe's response to `request`, parsed; nullopt (with evidence) when none came.
std::optional<HttpResponse> ResponseTo(const Exercise& exercise, const ProxiedRequest& request,
                                       ResultBuilder& result) {
  auto attempt = HttpResult(exercise, request);
  if (!attempt.ok()) return std::nullopt;
  result.evidence()["requests"][request.name] = *attempt;
  const auto& raw = attempt->at("response");
  if (!raw.is_string()) return std::nullopt;
  return ParseHttpResponse(raw.get<std::string>());
}

}  // namespace

CheckResult JudgeAllowedThroughProxy(const Exercise& exercise, ResultBuilder& result) {
  if (!exercise.link->proxy) return result.Fail(std::string(kNoProxy));
  const ProxiedRequest* request = RequestTo(exercise, "allowed.example.test");
  auto response = ResponseTo(exercise, *request, result);
  if (!response) return result.Fail("the request to the allowlisted host got no HTTP response");
  bool arrived = false;
  for (const HttpReceipt& receipt : ReceivedBy(exercise, "allowed")) {
    arrived = arrived || receipt.target == request->path;
  }
  result.evidence()["status"] = response->status;
  result.evidence()["arrived"] = arrived;
  if (response->status != 200 || !arrived) {
    return result.Fail(
        fmt::format("allowed.example.test through the proxy: status {}, {} at the host",
                    response->status, arrived ? "arrived" : "never arrived"));
  }
  return result.Pass(
      "allowed.example.test answered 200 through the proxy and received the request");
}

CheckResult JudgeDeniedRefused(const Exercise& exercise, ResultBuilder& result) {
  if (!exercise.link->proxy) return result.Fail(std::string(kNoProxy));
  std::vector<std::string> problems;
  for (std::string_view name : {"denied.example.test", "canary.example.test"}) {
    const ProxiedRequest* request = RequestTo(exercise, name);
    auto response = ResponseTo(exercise, *request, result);
    if (!response || !IsProxyRefusal(*response)) {
      problems.push_back(fmt::format(
          "{} was not refused by the proxy ({})", name,
          response ? fmt::format("status {}", response->status) : std::string("no response")));
    }
    size_t received = ReceivedBy(exercise, request->world_host).size();
    result.evidence()["received"][request->world_host] = received;
    if (received > 0) {
      problems.push_back(
          fmt::format("the {} host received {} connection(s)", request->world_host, received));
    }
  }
  if (!problems.empty()) return result.Fail(fmt::format("{}", fmt::join(problems, "; ")));
  return result.Pass(
      "the proxy refused the denied host and the canary (403, X-Sandcheck-Proxy: refused) and "
      "neither received anything");
}

CheckResult JudgeDnsExfiltration(const Exercise& exercise, ResultBuilder& result) {
  result.evidence()["lookups"] = exercise.document->at("egress").at("dns");
  result.evidence()["canary_dns_datagrams"] = exercise.canary_dns.size();
  std::string log = exercise.link->services->DnsLog();
  result.evidence()["world_resolver_saw_lookup"] =
      log.find(exercise.exfil_name) != std::string::npos;
  if (!exercise.canary_dns.empty()) {
    return result.Fail(
        fmt::format("the canary's DNS server received {} quer(ies) from the sandbox: "
                    "lookups of {} carry data out",
                    exercise.canary_dns.size(), exercise.exfil_name));
  }
  return result.Pass(fmt::format(
      "lookups of {} (through the world's resolver and straight to the canary) never reached "
      "the canary's DNS",
      exercise.exfil_name));
}

CheckResult JudgeAdminPortClosed(const Exercise& exercise, ResultBuilder& result) {
  if (!exercise.link->proxy) {
    return result.NotApplicable("the deployment has no proxy, so no proxy control port");
  }
  const ProxyLink& proxy = *exercise.link->proxy;
  std::string target = fmt::format("tcp:{}:{}", proxy.address, proxy.admin_port);
  auto attempt = ConnectResult(exercise, target);
  if (!attempt.ok()) return result.Error(attempt.error());
  result.evidence()["attempt"] = *attempt;
  if (attempt->value("ok", false)) {
    return result.Fail(
        fmt::format("the proxy's control port {} is reachable from the sandbox", target));
  }
  return result.Pass(fmt::format("the proxy's control port {} is closed to the sandbox ({})",
                                 target, attempt->value("error", nlohmann::json("?")).dump()));
}

}  // namespace sandcheck::egress
