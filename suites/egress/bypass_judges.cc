#include "suites/egress/bypass_judges.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace sandcheck::egress {
namespace {

constexpr std::string_view kNoProxy =
    "the deployment has no egress proxy: nothing matches hosts, so nothing refuses these";

// Every attempt of `kind` must be refused or never sent; `what` names the kind in the verdict.
CheckResult JudgeKind(const BypassRun& run, BypassKind kind, std::string_view what,
                      ResultBuilder& result) {
  std::vector<std::string> forwarded;
  size_t refused = 0, not_sent = 0;
  for (const BypassAttempt& attempt : run.attempts) {
    if (attempt.kind != kind) continue;
    nlohmann::json& evidence = result.evidence()["attempts"][attempt.id];
    auto outcome = OutcomeOf(run, attempt, evidence);
    if (!outcome.ok()) return result.Error(outcome.error());
    switch (*outcome) {
      case BypassOutcome::kRefused:
        ++refused;
        break;
      case BypassOutcome::kNotSent:
        ++not_sent;
        break;
      case BypassOutcome::kForwarded: {
        std::vector<std::string> receivers = ReceiversOf(run, attempt);
        forwarded.push_back(fmt::format(
            "{}: {}", attempt.what,
            receivers.empty() ? fmt::format("the proxy went upstream (status {})",
                                            evidence.value("status", nlohmann::json()).dump())
                              : fmt::format("received by {}", fmt::join(receivers, ", "))));
        break;
      }
    }
  }
  if (refused + not_sent + forwarded.size() == 0) {
    return result.Error(fmt::format("the exercise made no attempt of {}", what));
  }
  if (!forwarded.empty()) {
    return result.Fail(fmt::format("{} got past the proxy: {}", what, fmt::join(forwarded, "; ")));
  }
  return result.Pass(fmt::format(
      "none of {} attempts of {} got anywhere: the proxy refused {}, {} never left the probe "
      "(its tunnel or TLS to the proxy failed first), and no world host received one",
      refused + not_sent, what, refused, not_sent));
}

}  // namespace

CheckResult JudgeMetadataSpellings(const BypassRun& run, ResultBuilder& result) {
  // Straight from the sandbox: a dual-stack socket reaches an IPv4 address through its mapped
  // IPv6 spelling, past filters written for IPv4 only.
  for (const auto& attempt : run.connects) {
    result.evidence()["direct"].push_back(attempt);
    if (attempt.value("ok", false)) {
      return result.Fail(fmt::format("the metadata address is reachable from the sandbox as {}",
                                     attempt.value("target", "?")));
    }
  }
  if (!run.proxy) {
    return result.Pass(
        "the metadata address is unreachable from the sandbox in its IPv4-mapped IPv6 "
        "spelling, and there is no proxy to ask");
  }
  return JudgeKind(run, BypassKind::kMetadata,
                   "the metadata address spelled another way (decimal, octal, hex, IPv4-mapped "
                   "IPv6, its names, a tunnel)",
                   result);
}

CheckResult JudgeLookAlikes(const BypassRun& run, ResultBuilder& result) {
  if (!run.proxy) return result.Fail(std::string(kNoProxy));
  return JudgeKind(run, BypassKind::kLookAlike, "hosts that look like the allowed one", result);
}

CheckResult JudgeFronting(const BypassRun& run, ResultBuilder& result) {
  if (!run.proxy) return result.Fail(std::string(kNoProxy));
  return JudgeKind(run, BypassKind::kFronting,
                   "domain fronting (a denied name inside a request to the allowed host)", result);
}

CheckResult JudgeOtherPorts(const BypassRun& run, ResultBuilder& result) {
  if (!run.proxy) return result.Fail(std::string(kNoProxy));
  return JudgeKind(run, BypassKind::kPort, "other ports of the allowed host", result);
}

}  // namespace sandcheck::egress
