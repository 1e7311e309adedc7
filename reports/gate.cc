#include "reports/gate.h"

#include "reports/verdict_counts.h"

namespace sandcheck::reports {

int GateExitCode(const RunReport& report, bool fail_on_skip) {
  VerdictCounts counts = CountVerdicts(report);
  bool broken = counts.Of(Verdict::kFail) > 0 || counts.Of(Verdict::kError) > 0;
  bool skipped = counts.Of(Verdict::kSkip) > 0;
  return broken || (fail_on_skip && skipped) ? 1 : 0;
}

}  // namespace sandcheck::reports
