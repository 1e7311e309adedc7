// An inline SVG chart of benchmark percentiles: one row per series, nested bars for p99,
// p90 and p50 on a shared millisecond axis. No script, no external font or stylesheet.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace sandcheck::reports {

// Empty when no series has samples. Series are drawn in name order; names are escaped.
std::string PercentileChartSvg(const std::map<std::string, std::vector<double>>& series_ms);

// A round axis end at or above `value`: 1, 2 or 5 times a power of ten.
double NiceAxisMax(double value);

}  // namespace sandcheck::reports
