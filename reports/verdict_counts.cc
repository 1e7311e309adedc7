#include "reports/verdict_counts.h"

#include <numeric>

namespace sandcheck::reports {

int VerdictCounts::Total() const { return std::accumulate(counts_.begin(), counts_.end(), 0); }

VerdictCounts CountVerdicts(const std::vector<CheckResult>& results) {
  VerdictCounts counts;
  for (const auto& result : results) counts.Add(result.verdict);
  return counts;
}

VerdictCounts CountVerdicts(const RunReport& report) {
  VerdictCounts counts;
  for (const auto& section : report.deployments) {
    for (const auto& result : section.results) counts.Add(result.verdict);
  }
  return counts;
}

const std::vector<Verdict>& VerdictsWorstFirst() {
  static const std::vector<Verdict> order = {Verdict::kFail, Verdict::kError, Verdict::kSkip,
                                             Verdict::kNotApplicable, Verdict::kPass};
  return order;
}

}  // namespace sandcheck::reports
