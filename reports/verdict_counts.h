// How many results ended in each verdict: the numbers at the top of every report.
#pragma once

#include <array>
#include <vector>

#include "core/check_model.h"
#include "reports/run_report.h"

namespace sandcheck::reports {

class VerdictCounts {
 public:
  void Add(Verdict verdict) { ++counts_[static_cast<size_t>(verdict)]; }
  int Of(Verdict verdict) const { return counts_[static_cast<size_t>(verdict)]; }
  int Total() const;

 private:
  std::array<int, 5> counts_{};  // indexed by Verdict
};

VerdictCounts CountVerdicts(const std::vector<CheckResult>& results);
VerdictCounts CountVerdicts(const RunReport& report);

// Every verdict, worst first: the order reports list results in.
const std::vector<Verdict>& VerdictsWorstFirst();

}  // namespace sandcheck::reports
