#include "suites/isolation/host_loopback.h"

#include <fmt/format.h>

#include <algorithm>

#include "clusters/host_view.h"
#include "suites/framework/check_context.h"
#include "suites/isolation/probe_reading.h"

namespace sandcheck::isolation {

Result<Judgement> JudgeHostLoopback(const nlohmann::json& document, const std::string& target,
                                    int accepted) {
  ASSIGN_OR_RETURN(const nlohmann::json* connect, SectionOf(document, "connect"));
  ASSIGN_OR_RETURN(auto results, ObjectsAt(*connect, "results", "connect"));
  auto it = std::find_if(results.begin(), results.end(), [&](const nlohmann::json* result) {
    return StringAt(*result, "target") == target;
  });
  if (it == results.end()) return Fail("the probe did not try to connect to {}", target);
  Attempt attempt = ReadAttempt(**it);
  Judgement judgement;
  judgement.evidence["attempt"] = **it;
  judgement.evidence["listener_accepted"] = accepted;
  if (accepted > 0) {
    judgement.problems.push_back(
        fmt::format("connect() to {} reached the harness's listener on the host's loopback ({} "
                    "connection(s) accepted): the sandbox shares the host's network namespace",
                    target, accepted));
    return judgement;
  }
  if (attempt.ok) {
    return Fail(
        "connect() to {} succeeded but the host's listener saw no connection: something "
        "inside the sandbox answered on that port, so the host's loopback was not tested",
        target);
  }
  judgement.holds = fmt::format(
      "connect() to {}, where the harness listens on the host, failed inside the sandbox ({})",
      target, attempt.Describe());
  return judgement;
}

CheckResult HostLoopbackUnreachable(CheckContext& context) {
  ResultBuilder result(context.check().id);
  auto sandbox = context.SharedSandbox();
  if (!sandbox.ok()) return result.Error(sandbox.error());
  auto listener = (*sandbox)->host().ListenOnLoopback();
  if (!listener.ok()) return result.Error(listener.error());
  std::string target = (*listener)->ConnectTarget();
  auto document = context.Probe({"--only", "connect", "--connect", target});
  if (!document.ok()) return result.Error(document.error());
  return Conclude(std::move(result),
                  JudgeHostLoopback(**document, target, (*listener)->TakeAccepted()));
}

}  // namespace sandcheck::isolation
