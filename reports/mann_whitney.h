// The Mann-Whitney U test (Wilcoxon rank-sum), two-sided, as scipy.stats.mannwhitneyu computes
// it: the statistic of the first sample, an exact p-value for small samples without ties, else
// the normal approximation with tie and continuity corrections. Google Benchmark's compare.py
// uses the same test; sandcheck's baseline gate (bench_baseline.h) uses this one.
#pragma once

#include <optional>
#include <vector>

namespace sandcheck::reports {

enum class UTestMethod {
  kAuto,        // exact when the smaller sample has at most 8 values and nothing is tied
  kExact,       // falls back to asymptotic when there are ties (no exact null distribution)
  kAsymptotic,  // normal approximation with tie correction and continuity correction
};

struct UTestResult {
  double u1 = 0;       // U of the first sample: pairs (x, y) with x > y, ties counting one half
  double p_value = 1;  // two-sided
  bool exact = false;
};

// Nullopt when either sample is empty.
std::optional<UTestResult> MannWhitneyU(const std::vector<double>& x, const std::vector<double>& y,
                                        UTestMethod method = UTestMethod::kAuto);

}  // namespace sandcheck::reports
