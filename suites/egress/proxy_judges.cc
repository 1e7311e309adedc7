#include "suites/egress/proxy_judges.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "suites/egress/http_response.h"

namespace sandcheck::egress {
namespace {

constexpr std::string_view kNoProxy =
    "the deployment has no egress proxy: the sandbox sits on the world's network directly, so "
    "nothing filters its requests";

// What the probe got for one request, parsed, and recorded as evidence under its URL.
struct Attempt {
  std::optional<HttpResponse> tunnel;    // HTTPS: the proxy's answer to CONNECT
  nlohmann::json tls;                    // HTTPS: the probe's handshake, or null
  std::optional<HttpResponse> response;  // through the tunnel, or the plain HTTP answer
};

std::optional<HttpResponse> Parsed(const nlohmann::json& raw) {
  if (!raw.is_string()) return std::nullopt;
  return ParseHttpResponse(raw.get<std::string>());
}

Attempt AttemptOf(const Exercise& exercise, const ProxiedRequest& request, ResultBuilder& result) {
  auto probed = HttpResult(exercise, request);
  if (!probed.ok()) return {};
  result.evidence()["requests"][request.url()] = *probed;
  return Attempt{Parsed(probed->value("tunnel", nlohmann::json())),
                 probed->value("tls", nlohmann::json()), Parsed(probed->at("response"))};
}

// Why an HTTPS request got no response: the tunnel's status or the TLS handshake's failure.
std::string WhyNoResponse(const Attempt& attempt) {
  if (attempt.tunnel && attempt.tunnel->status != 200) {
    return fmt::format("CONNECT answered {}", attempt.tunnel->status);
  }
  if (attempt.tls.is_object() &&
      !attempt.tls.value("handshake", nlohmann::json()).value("ok", false)) {
    return fmt::format("TLS handshake failed, certificate verification: {}, {}",
                       attempt.tls.value("verify", nlohmann::json()).dump(),
                       attempt.tls.value("error", nlohmann::json()).dump());
  }
  return "no HTTP response";
}

// The proxy refused it: over HTTP with its refusal, over HTTPS with its refusal of the CONNECT
// and no TLS after it.
bool Refused(const ProxiedRequest& request, const Attempt& attempt) {
  if (request.tls)
    return attempt.tunnel && IsProxyRefusal(*attempt.tunnel) && attempt.tls.is_null();
  return attempt.response && IsProxyRefusal(*attempt.response);
}

}  // namespace

CheckResult JudgeAllowedThroughProxy(const Exercise& exercise, ResultBuilder& result) {
  if (!exercise.world->proxy()) return result.Fail(std::string(kNoProxy));
  std::vector<std::string> problems;
  size_t answered = 0;
  for (const ProxiedRequest& request : exercise.requests) {
    if (request.world_host != kAllowedHost) continue;
    Attempt attempt = AttemptOf(exercise, request, result);
    bool arrived = false;
    for (const HttpReceipt& receipt : ReceivedBy(exercise, kAllowedHost)) {
      arrived = arrived || (receipt.target == request.path && receipt.tls == request.tls);
    }
    result.evidence()["arrived"][request.scheme()] = arrived;
    if (!attempt.response) {
      problems.push_back(fmt::format("{}: {}", request.url(), WhyNoResponse(attempt)));
    } else if (attempt.response->status != 200 || !arrived) {
      problems.push_back(fmt::format("{}: status {}, {} at the host", request.url(),
                                     attempt.response->status,
                                     arrived ? "arrived" : "never arrived"));
    } else {
      ++answered;
    }
  }
  if (!problems.empty()) {
    return result.Fail(
        fmt::format("the allowlisted host through the proxy: {}", fmt::join(problems, "; ")));
  }
  return result.Pass(fmt::format(
      "allowed.example.test answered 200 through the proxy over HTTP and over HTTPS (the "
      "proxy's certificate verified against {}) and received the {} requests",
      exercise.world->proxy()->ca_in_sandbox, answered));
}

CheckResult JudgeDeniedRefused(const Exercise& exercise, ResultBuilder& result) {
  if (!exercise.world->proxy()) return result.Fail(std::string(kNoProxy));
  std::vector<std::string> problems;
  for (const ProxiedRequest& request : exercise.requests) {
    if (request.world_host != kDeniedHost && request.world_host != kCanaryHost) continue;
    Attempt attempt = AttemptOf(exercise, request, result);
    if (!Refused(request, attempt)) {
      const auto& answer = request.tls ? attempt.tunnel : attempt.response;
      problems.push_back(fmt::format(
          "{} was not refused by the proxy ({}{})", request.url(),
          answer ? fmt::format("status {}", answer->status) : std::string("no response"),
          request.tls && !attempt.tls.is_null() ? ", and TLS went through the tunnel" : ""));
    }
  }
  for (std::string_view host : {kDeniedHost, kCanaryHost}) {
    size_t received = ReceivedBy(exercise, host).size();
    result.evidence()["received"][std::string(host)] = received;
    if (received > 0) {
      problems.push_back(fmt::format("the {} host received {} connection(s)", host, received));
    }
  }
  if (!problems.empty()) return result.Fail(fmt::format("{}", fmt::join(problems, "; ")));
  return result.Pass(
      "the proxy refused the denied host and the canary over HTTP and their HTTPS CONNECTs "
      "(403, X-Sandcheck-Proxy: refused), and neither received anything on either port");
}

CheckResult JudgeDnsExfiltration(const Exercise& exercise, ResultBuilder& result) {
  result.evidence()["lookups"] = exercise.document->at("egress").at("dns");
  result.evidence()["canary_dns_datagrams"] = exercise.canary_dns.size();
  std::string log = exercise.world->ResolverLog();
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
  if (!exercise.world->proxy()) {
    return result.NotApplicable("the deployment has no proxy, so no proxy control port");
  }
  const std::string& target = exercise.targets.proxy_admin_tcp;
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
