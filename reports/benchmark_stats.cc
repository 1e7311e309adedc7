#include "reports/benchmark_stats.h"

#include <algorithm>
#include <cmath>

namespace sandcheck::reports {
namespace {

double Percentile(const std::vector<double>& sorted, double fraction) {
  double rank = fraction * static_cast<double>(sorted.size() - 1);
  size_t below = static_cast<size_t>(std::floor(rank));
  size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (rank - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

}  // namespace

std::optional<BenchmarkSummary> Summarize(std::vector<double> samples_ms) {
  if (samples_ms.empty()) return std::nullopt;
  std::sort(samples_ms.begin(), samples_ms.end());
  return BenchmarkSummary{.count = samples_ms.size(),
                          .min_ms = samples_ms.front(),
                          .p50_ms = Percentile(samples_ms, 0.50),
                          .p90_ms = Percentile(samples_ms, 0.90),
                          .p99_ms = Percentile(samples_ms, 0.99),
                          .max_ms = samples_ms.back()};
}

}  // namespace sandcheck::reports
