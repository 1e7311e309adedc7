// Percentiles of a benchmark series, for the JSON summary and the HTML chart.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace sandcheck::reports {

struct BenchmarkSummary {
  size_t count = 0;
  double min_ms = 0;
  double p50_ms = 0;
  double p90_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
};

// Nullopt for an empty series. Percentiles interpolate linearly between ranks (the common
// "type 7" definition), so they are stable for the small sample counts benchmarks have.
std::optional<BenchmarkSummary> Summarize(std::vector<double> samples_ms);

}  // namespace sandcheck::reports
