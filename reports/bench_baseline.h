// The baseline gate of `sandcheck bench`: reads Google Benchmark JSON (the format its
// --benchmark_out writes and tools/compare.py reads) and compares every figure of a run with
// the same figure of a baseline. A figure regressed when both hold:
//   - the Mann-Whitney U test says the samples differ (p < alpha), and
//   - the current median is slower than the baseline's by more than `threshold` (relative).
// The test alone would flag a real but negligible shift on a quiet machine; the threshold
// alone would flag noise. Google Benchmark itself has no such gate.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/result.h"

namespace sandcheck::reports {

// Per-repetition times in milliseconds of every benchmark in a Google Benchmark JSON
// document, by run name (aggregates such as _mean or _p50 and errored runs left out).
Result<std::map<std::string, std::vector<double>>> ReadBenchmarkSamples(const nlohmann::json& doc);

// Per-repetition values of one user counter (e.g. "ratio_vs_bare", "bare_ms"), by run name;
// runs without that counter are left out.
std::map<std::string, std::vector<double>> ReadCounterSamples(const nlohmann::json& doc,
                                                              const std::string& counter);

struct BaselineGateOptions {
  double alpha = 0.05;
  double threshold = 0.10;  // 0.10: slower by more than 10 % of the baseline's median
  // With fewer samples on either side, even fully separated samples cannot reach p < 0.05
  // (3 against 3: p = 0.1), so the figure is reported as not comparable instead.
  size_t min_samples = 4;
};

enum class FigureVerdict { kSame, kRegressed, kImproved, kTooFewSamples, kMissing, kNew };

struct FigureComparison {
  std::string name;
  FigureVerdict verdict = FigureVerdict::kSame;
  size_t baseline_count = 0;
  size_t current_count = 0;
  double baseline_median_ms = 0;
  double current_median_ms = 0;
  double relative_change = 0;  // current / baseline - 1 of the medians
  double p_value = 1;
};

// One entry per figure in either document, in name order.
std::vector<FigureComparison> CompareWithBaseline(
    const std::map<std::string, std::vector<double>>& baseline,
    const std::map<std::string, std::vector<double>>& current, const BaselineGateOptions& options);

// Whether the gate fails: a figure regressed, or a baseline figure is missing from the run
// (a benchmark that errored or vanished must not pass as "no regression").
bool GateFails(const std::vector<FigureComparison>& comparisons);

std::string_view ToString(FigureVerdict verdict);

// A plain-text table of the comparisons, one line per figure; `unit` labels the medians
// ("ms", or "x" when the samples are ratios: the *_ms fields then hold ratios).
std::string FormatComparison(const std::vector<FigureComparison>& comparisons,
                             const BaselineGateOptions& options, std::string_view unit = "ms");

}  // namespace sandcheck::reports
