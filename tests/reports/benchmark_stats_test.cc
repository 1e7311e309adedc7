#include "reports/benchmark_stats.h"

#include <gtest/gtest.h>

namespace sandcheck::reports {
namespace {

TEST(SummarizeTest, EmptySeriesHasNoSummary) { EXPECT_FALSE(Summarize({}).has_value()); }

TEST(SummarizeTest, InterpolatesBetweenRanks) {
  std::vector<double> samples;
  for (int i = 100; i >= 1; --i) samples.push_back(i);  // unsorted on purpose
  auto summary = Summarize(samples);
  ASSERT_TRUE(summary.has_value());
  EXPECT_EQ(summary->count, 100u);
  EXPECT_DOUBLE_EQ(summary->min_ms, 1);
  EXPECT_DOUBLE_EQ(summary->p50_ms, 50.5);
  EXPECT_DOUBLE_EQ(summary->p90_ms, 90.1);
  EXPECT_DOUBLE_EQ(summary->p99_ms, 99.01);
  EXPECT_DOUBLE_EQ(summary->max_ms, 100);
}

TEST(SummarizeTest, OneSampleIsEveryPercentile) {
  auto summary = Summarize({42});
  ASSERT_TRUE(summary.has_value());
  EXPECT_DOUBLE_EQ(summary->p50_ms, 42);
  EXPECT_DOUBLE_EQ(summary->p99_ms, 42);
}

}  // namespace
}  // namespace sandcheck::reports
