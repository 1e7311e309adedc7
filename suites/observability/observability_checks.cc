// OBS-001..002: the checks, their promises and negative controls.
#include "suites/observability/observability_checks.h"

#include "suites/egress/exercise.h"
#include "suites/egress/world_check.h"
#include "suites/observability/observability_judges.h"

namespace sandcheck {

using egress::ExerciseAndJudge;
using egress::kNoProxyControl;
using egress::WorldCheck;

std::vector<CheckInfo> ObservabilityChecks() {
  return {
      WorldCheck(
          "OBS-001",
          "Every request the sandbox made, HTTP and HTTPS (its CONNECT and the requests in the "
          "tunnel), MUST appear in the proxy's flow log",
          "The three-phase seed's phase 02: the proxy's log is how a reviewer sees what the "
          "agent did on the network. A request missing from it is invisible.",
          "Run the egress proxy with its flow log on (proxies.egress.flow_log: true) and keep "
          "the log outside the sandbox.",
          {kNoProxyControl, "obs-no-flow-log.yaml"},
          ExerciseAndJudge<egress::JudgeEveryRequestLogged>, Severity::kHigh,
          Family::kObservability, Phase::kObservability),
      WorldCheck("OBS-002",
                 "What the world's hosts received over HTTP and HTTPS MUST match the flow log "
                 "exactly: no unlogged traffic",
                 "A log is only evidence if nothing bypasses it: every connection a host saw must "
                 "be a logged, forwarded request, and every forwarded request must have arrived.",
                 "Make the proxy the sandbox's only route (see EGR-001) and keep its flow log on.",
                 {kNoProxyControl, "obs-no-flow-log.yaml"},
                 ExerciseAndJudge<egress::JudgeNoUnloggedTraffic>, Severity::kHigh,
                 Family::kObservability, Phase::kObservability),
  };
}

}  // namespace sandcheck
