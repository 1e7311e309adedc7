#include "suites/egress/direct_judges.h"

#include <fmt/format.h>

namespace sandcheck::egress {
namespace {

// A direct connection must not be established; `host` names the world host behind `target`.
CheckResult JudgeRefusedConnect(const Exercise& exercise, ResultBuilder& result,
                                const std::string& target, std::string_view what) {
  auto attempt = ConnectResult(exercise, target);
  if (!attempt.ok()) return result.Error(attempt.error());
  result.evidence()["attempt"] = *attempt;
  if (attempt->value("ok", false)) {
    return result.Fail(
        fmt::format("{} ({}) is reachable from the sandbox without the proxy", what, target));
  }
  return result.Pass(fmt::format("{} ({}) is unreachable from the sandbox: {}", what, target,
                                 attempt->value("error", nlohmann::json("?")).dump()));
}

}  // namespace

CheckResult JudgeDirectTcp(const Exercise& exercise, ResultBuilder& result) {
  size_t received = 0;
  for (const HttpReceipt& receipt : ReceivedBy(exercise, kDeniedHost)) {
    if (exercise.world->FromSandbox(receipt.peer)) ++received;
  }
  result.evidence()["denied_host_direct_connections"] = received;
  if (received > 0) {
    return result.Fail(
        fmt::format("the denied host received {} connection(s) straight from the "
                    "sandbox",
                    received));
  }
  return JudgeRefusedConnect(exercise, result, exercise.targets.denied_tcp,
                             "the denied host's TCP port");
}

CheckResult JudgeDirectUdp(const Exercise& exercise, ResultBuilder& result) {
  auto attempt = ConnectResult(exercise, exercise.targets.canary_udp);
  if (!attempt.ok()) return result.Error(attempt.error());
  result.evidence()["attempt"] = *attempt;
  result.evidence()["canary_datagrams"] = exercise.canary_datagrams.size();
  if (!exercise.canary_datagrams.empty()) {
    return result.Fail(
        fmt::format("the canary received {} UDP datagram(s) straight from the "
                    "sandbox",
                    exercise.canary_datagrams.size()));
  }
  return result.Pass(
      fmt::format("a UDP datagram to the canary never arrived (send: {})",
                  attempt->value("error", nlohmann::json("accepted locally")).dump()));
}

CheckResult JudgeIcmp(const Exercise& exercise, ResultBuilder& result) {
  const auto& attempts = exercise.document->at("egress").at("icmp");
  if (attempts.empty()) return result.Error("the probe made no ICMP attempt");
  result.evidence()["attempt"] = attempts[0];
  if (attempts[0].value("reply", false)) {
    return result.Fail(fmt::format("the denied host {} answered an ICMP echo from the sandbox",
                                   exercise.targets.denied_address));
  }
  return result.Pass("no ICMP echo reached a world host and came back (raw and ping sockets)");
}

CheckResult JudgeIpv6(const Exercise& exercise, ResultBuilder& result) {
  return JudgeRefusedConnect(exercise, result, exercise.targets.denied6_tcp,
                             "the denied host over IPv6");
}

CheckResult JudgeBypassWithoutProxy(const Exercise& exercise, ResultBuilder& result) {
  return JudgeRefusedConnect(exercise, result, exercise.targets.allowed_tcp,
                             "the allowlisted host, addressed directly as a client that ignores "
                             "HTTP_PROXY would");
}

CheckResult JudgeMetadata(const Exercise& exercise, ResultBuilder& result) {
  return JudgeRefusedConnect(exercise, result, exercise.targets.metadata_tcp,
                             "the cloud metadata address");
}

}  // namespace sandcheck::egress
