#include "reports/mann_whitney.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace sandcheck::reports {
namespace {

struct RankSums {
  double rank_sum_x = 0;
  double tie_term = 0;  // sum of t^3 - t over groups of t tied values
  bool tied = false;
};

// Average ranks over the pooled samples (1-based), summed for the first sample.
RankSums RankPooled(const std::vector<double>& x, const std::vector<double>& y) {
  struct Value {
    double value;
    bool from_x;
  };
  std::vector<Value> pooled;
  for (double v : x) pooled.push_back({v, true});
  for (double v : y) pooled.push_back({v, false});
  std::sort(pooled.begin(), pooled.end(),
            [](const Value& a, const Value& b) { return a.value < b.value; });
  RankSums sums;
  for (size_t first = 0; first < pooled.size();) {
    size_t last = first;
    while (last + 1 < pooled.size() && pooled[last + 1].value == pooled[first].value) ++last;
    double t = static_cast<double>(last - first + 1);
    double average_rank = (static_cast<double>(first + last) / 2.0) + 1.0;
    for (size_t i = first; i <= last; ++i) {
      if (pooled[i].from_x) sums.rank_sum_x += average_rank;
    }
    if (t > 1) {
      sums.tied = true;
      sums.tie_term += t * t * t - t;
    }
    first = last + 1;
  }
  return sums;
}

// P(U >= u) under the null hypothesis without ties. The number of arrangements with U = k is
// the coefficient of q^k in the Gaussian binomial [m+n choose m]_q, built as the product over
// i = 1..m of (1 - q^(n+i)) / (1 - q^i); m is the smaller sample, so this is O(m * m * n).
double ExactUpperTail(size_t m, size_t n, double u) {
  size_t max_u = m * n;
  std::vector<double> counts(max_u + 1, 0.0);
  counts[0] = 1.0;
  for (size_t i = 1; i <= m; ++i) {
    size_t up = n + i;
    for (size_t k = max_u; k >= up; --k) counts[k] -= counts[k - up];  // times (1 - q^up)
    for (size_t k = i; k <= max_u; ++k) counts[k] += counts[k - i];    // over (1 - q^i)
  }
  double total = std::accumulate(counts.begin(), counts.end(), 0.0);
  double tail = 0;
  for (size_t k = static_cast<size_t>(std::ceil(u)); k <= max_u; ++k) tail += counts[k];
  return tail / total;
}

double NormalSurvival(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

}  // namespace

std::optional<UTestResult> MannWhitneyU(const std::vector<double>& x, const std::vector<double>& y,
                                        UTestMethod method) {
  if (x.empty() || y.empty()) return std::nullopt;
  double n1 = static_cast<double>(x.size());
  double n2 = static_cast<double>(y.size());
  RankSums sums = RankPooled(x, y);
  UTestResult result;
  result.u1 = sums.rank_sum_x - n1 * (n1 + 1) / 2.0;
  double u_high = std::max(result.u1, n1 * n2 - result.u1);  // two-sided: the larger tail

  bool exact = !sums.tied && (method == UTestMethod::kExact ||
                              (method == UTestMethod::kAuto && std::min(x.size(), y.size()) <= 8));
  if (exact) {
    result.exact = true;
    result.p_value = std::min(1.0, 2.0 * ExactUpperTail(std::min(x.size(), y.size()),
                                                        std::max(x.size(), y.size()), u_high));
    return result;
  }
  double n = n1 + n2;
  double mean = n1 * n2 / 2.0;
  double variance = n1 * n2 / 12.0 * ((n + 1) - sums.tie_term / (n * (n - 1)));
  if (variance <= 0) return result;  // every value tied: no evidence of a difference, p = 1
  double z = (u_high - mean - 0.5) / std::sqrt(variance);
  result.p_value = std::min(1.0, 2.0 * NormalSurvival(z));
  return result;
}

}  // namespace sandcheck::reports
