#include "reports/bench_baseline.h"

#include <fmt/format.h>

#include <set>

#include "reports/benchmark_stats.h"
#include "reports/mann_whitney.h"

namespace sandcheck::reports {
namespace {

Result<double> MillisecondsPerUnit(const std::string& unit) {
  if (unit == "ns") return 1e-6;
  if (unit == "us") return 1e-3;
  if (unit == "ms") return 1.0;
  if (unit == "s") return 1e3;
  return Fail("unknown time_unit '{}'", unit);
}

}  // namespace

Result<std::map<std::string, std::vector<double>>> ReadBenchmarkSamples(const nlohmann::json& doc) {
  if (!doc.is_object() || !doc.contains("benchmarks") || !doc["benchmarks"].is_array()) {
    return Fail("not Google Benchmark JSON: no \"benchmarks\" array");
  }
  std::map<std::string, std::vector<double>> samples;
  for (const auto& run : doc["benchmarks"]) {
    if (!run.is_object()) return Fail("a benchmarks entry is not an object");
    if (run.value("run_type", "iteration") != "iteration") continue;  // aggregates
    if (run.value("error_occurred", false)) continue;
    std::string name = run.value("run_name", run.value("name", ""));
    if (name.empty()) return Fail("a benchmark run has no name");
    if (!run.contains("real_time") || !run["real_time"].is_number()) {
      return Fail("benchmark {}: no numeric real_time", name);
    }
    ASSIGN_OR_RETURN(double scale, MillisecondsPerUnit(run.value("time_unit", "ns")));
    samples[name].push_back(run["real_time"].get<double>() * scale);
  }
  return samples;
}

std::map<std::string, std::vector<double>> ReadCounterSamples(const nlohmann::json& doc,
                                                              const std::string& counter) {
  std::map<std::string, std::vector<double>> samples;
  if (!doc.is_object() || !doc.contains("benchmarks") || !doc["benchmarks"].is_array()) {
    return samples;
  }
  for (const auto& run : doc["benchmarks"]) {
    if (!run.is_object() || run.value("run_type", "iteration") != "iteration") continue;
    if (run.value("error_occurred", false) || !run.contains(counter)) continue;
    if (!run[counter].is_number()) continue;
    samples[run.value("run_name", run.value("name", ""))].push_back(run[counter].get<double>());
  }
  return samples;
}

std::vector<FigureComparison> CompareWithBaseline(
    const std::map<std::string, std::vector<double>>& baseline,
    const std::map<std::string, std::vector<double>>& current, const BaselineGateOptions& options) {
  std::set<std::string> names;
  for (const auto& [name, _] : baseline) names.insert(name);
  for (const auto& [name, _] : current) names.insert(name);
  std::vector<FigureComparison> comparisons;
  for (const auto& name : names) {
    FigureComparison figure;
    figure.name = name;
    auto old_it = baseline.find(name);
    auto new_it = current.find(name);
    if (old_it != baseline.end()) {
      figure.baseline_count = old_it->second.size();
      if (auto summary = Summarize(old_it->second)) figure.baseline_median_ms = summary->p50_ms;
    }
    if (new_it != current.end()) {
      figure.current_count = new_it->second.size();
      if (auto summary = Summarize(new_it->second)) figure.current_median_ms = summary->p50_ms;
    }
    if (figure.current_count == 0) {
      figure.verdict = FigureVerdict::kMissing;
    } else if (figure.baseline_count == 0) {
      figure.verdict = FigureVerdict::kNew;
    } else {
      if (figure.baseline_median_ms > 0) {
        figure.relative_change = figure.current_median_ms / figure.baseline_median_ms - 1.0;
      }
      if (auto test = MannWhitneyU(new_it->second, old_it->second)) figure.p_value = test->p_value;
      if (figure.baseline_count < options.min_samples ||
          figure.current_count < options.min_samples) {
        figure.verdict = FigureVerdict::kTooFewSamples;
      } else if (figure.p_value < options.alpha && figure.relative_change > options.threshold) {
        figure.verdict = FigureVerdict::kRegressed;
      } else if (figure.p_value < options.alpha && figure.relative_change < -options.threshold) {
        figure.verdict = FigureVerdict::kImproved;
      }
    }
    comparisons.push_back(figure);
  }
  return comparisons;
}

bool GateFails(const std::vector<FigureComparison>& comparisons) {
  for (const auto& figure : comparisons) {
    if (figure.verdict == FigureVerdict::kRegressed || figure.verdict == FigureVerdict::kMissing) {
      return true;
    }
  }
  return false;
}

std::string_view ToString(FigureVerdict verdict) {
  switch (verdict) {
    case FigureVerdict::kSame:
      return "same";
    case FigureVerdict::kRegressed:
      return "REGRESSED";
    case FigureVerdict::kImproved:
      return "improved";
    case FigureVerdict::kTooFewSamples:
      return "too few samples";
    case FigureVerdict::kMissing:
      return "MISSING";
    case FigureVerdict::kNew:
      return "new";
  }
  return "?";
}

std::string FormatComparison(const std::vector<FigureComparison>& comparisons,
                             const BaselineGateOptions& options, std::string_view unit) {
  std::string out = fmt::format(
      "baseline gate: regressed = Mann-Whitney p < {} and median slower by > {:.0f} %\n",
      options.alpha, options.threshold * 100);
  out += fmt::format("{:<52} {:>11} {:>11} {:>8} {:>8}  {}\n", "figure",
                     fmt::format("base p50 {}", unit), fmt::format("now p50 {}", unit), "change",
                     "p", "verdict");
  for (const auto& figure : comparisons) {
    out += fmt::format("{:<52} {:>11.3f} {:>11.3f} {:>+7.1f}% {:>8.4f}  {}\n", figure.name,
                       figure.baseline_median_ms, figure.current_median_ms,
                       figure.relative_change * 100, figure.p_value, ToString(figure.verdict));
  }
  return out;
}

}  // namespace sandcheck::reports
