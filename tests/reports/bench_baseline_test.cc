// The baseline gate on synthetic Google Benchmark documents: it must flag a real slowdown and
// must not flag noise, a small shift, a faster run, or too few samples.
#include "reports/bench_baseline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

namespace sandcheck::reports {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::Pair;

// A document as `--benchmark_out_format=json --benchmark_repetitions=N` writes it: one
// "iteration" run per repetition, then aggregates (which the reader must skip).
json GbenchDocument(const std::map<std::string, std::vector<double>>& series_ms,
                    const std::string& unit = "ms", double per_ms = 1.0) {
  json runs = json::array();
  for (const auto& [name, samples] : series_ms) {
    for (size_t i = 0; i < samples.size(); ++i) {
      runs.push_back({{"name", name},
                      {"run_name", name},
                      {"run_type", "iteration"},
                      {"repetitions", samples.size()},
                      {"repetition_index", i},
                      {"iterations", 1},
                      {"real_time", samples[i] * per_ms},
                      {"cpu_time", 0.1},
                      {"time_unit", unit}});
    }
    runs.push_back({{"name", name + "_p50"},
                    {"run_name", name},
                    {"run_type", "aggregate"},
                    {"aggregate_name", "p50"},
                    {"real_time", 1e9},
                    {"time_unit", unit}});
  }
  return {{"context", {{"num_cpus", 2}}}, {"benchmarks", runs}};
}

// `count` samples around `median_ms` with multiplicative noise of about `spread`.
std::vector<double> Noisy(double median_ms, double spread, size_t count, unsigned seed) {
  std::mt19937 random(seed);
  std::lognormal_distribution<double> noise(0.0, spread);
  std::vector<double> samples;
  for (size_t i = 0; i < count; ++i) samples.push_back(median_ms * noise(random));
  return samples;
}

FigureComparison CompareOne(const std::vector<double>& baseline,
                            const std::vector<double>& current) {
  auto old_samples = ReadBenchmarkSamples(GbenchDocument({{"ready/runc", baseline}}));
  auto new_samples = ReadBenchmarkSamples(GbenchDocument({{"ready/runc", current}}));
  EXPECT_TRUE(old_samples.ok() && new_samples.ok());
  auto comparisons = CompareWithBaseline(*old_samples, *new_samples, {});
  EXPECT_EQ(comparisons.size(), 1u);
  return comparisons.at(0);
}

TEST(BenchBaselineTest, ReadsRepetitionsInMillisecondsAndSkipsAggregatesAndErrors) {
  json doc = GbenchDocument({{"exec/runc", {1.5, 2.5}}}, "us", 1000.0);
  doc["benchmarks"].push_back({{"name", "ready/runsc"},
                               {"run_type", "iteration"},
                               {"error_occurred", true},
                               {"error_message", "runsc unavailable"},
                               {"real_time", 0},
                               {"time_unit", "ms"}});
  auto samples = ReadBenchmarkSamples(doc);
  ASSERT_TRUE(samples.ok()) << samples.message();
  EXPECT_THAT(*samples, ElementsAre(Pair("exec/runc", ElementsAre(1.5, 2.5))));
}

TEST(BenchBaselineTest, ReadsOneCounterOfTheRepetitionsOnly) {
  json doc = GbenchDocument({{"ready/runc", {10, 20}}, {"warm_claim/runc", {1, 2}}});
  doc["benchmarks"][0]["ratio_vs_bare"] = 1.25;
  doc["benchmarks"][1]["ratio_vs_bare"] = 0.75;
  doc["benchmarks"][2]["ratio_vs_bare"] = 99.0;  // the aggregate: left out
  EXPECT_THAT(ReadCounterSamples(doc, "ratio_vs_bare"),
              ElementsAre(Pair("ready/runc", ElementsAre(1.25, 0.75))));
}

TEST(BenchBaselineTest, RefusesWhatIsNotGoogleBenchmarkJson) {
  EXPECT_FALSE(ReadBenchmarkSamples(json{{"results", 1}}).ok());
  json unknown_unit = GbenchDocument({{"a", {1.0}}}, "fortnights");
  EXPECT_FALSE(ReadBenchmarkSamples(unknown_unit).ok());
}

TEST(BenchBaselineTest, FlagsASignificantSlowdownBeyondTheThreshold) {
  auto figure = CompareOne(Noisy(100, 0.05, 12, 1), Noisy(130, 0.05, 12, 2));
  EXPECT_EQ(figure.verdict, FigureVerdict::kRegressed) << FormatComparison({figure}, {});
  EXPECT_LT(figure.p_value, 0.05);
  EXPECT_GT(figure.relative_change, 0.10);
  EXPECT_TRUE(GateFails({figure}));
}

TEST(BenchBaselineTest, DoesNotFlagNoiseFromTheSameDistribution) {
  for (unsigned seed = 0; seed < 20; ++seed) {
    auto figure = CompareOne(Noisy(100, 0.15, 12, 100 + seed), Noisy(100, 0.15, 12, 200 + seed));
    EXPECT_NE(figure.verdict, FigureVerdict::kRegressed) << FormatComparison({figure}, {});
    EXPECT_FALSE(GateFails({figure}));
  }
}

// Significant but small: every sample 5 % slower is real, yet within the 10 % threshold.
TEST(BenchBaselineTest, DoesNotFlagASignificantShiftWithinTheThreshold) {
  auto baseline = Noisy(100, 0.01, 12, 3);
  std::vector<double> current;
  for (double sample : baseline) current.push_back(sample * 1.05);
  auto figure = CompareOne(baseline, current);
  EXPECT_LT(figure.p_value, 0.05);
  EXPECT_EQ(figure.verdict, FigureVerdict::kSame) << FormatComparison({figure}, {});
}

// Medians 20 % apart, but two slow outliers in the baseline overlap everything: no evidence.
TEST(BenchBaselineTest, DoesNotFlagALargeButInsignificantDifference) {
  auto figure = CompareOne({100, 101, 99, 102, 98, 400, 390}, {120, 118, 122, 119, 121, 95, 96});
  EXPECT_GT(figure.relative_change, 0.10);
  EXPECT_GE(figure.p_value, 0.05);
  EXPECT_EQ(figure.verdict, FigureVerdict::kSame) << FormatComparison({figure}, {});
}

TEST(BenchBaselineTest, AFasterRunIsAnImprovementNotAFailure) {
  auto figure = CompareOne(Noisy(130, 0.05, 12, 4), Noisy(100, 0.05, 12, 5));
  EXPECT_EQ(figure.verdict, FigureVerdict::kImproved);
  EXPECT_FALSE(GateFails({figure}));
}

TEST(BenchBaselineTest, TooFewSamplesAreReportedNotJudged) {
  auto figure = CompareOne({100, 100, 100}, {300, 300, 300});
  EXPECT_EQ(figure.verdict, FigureVerdict::kTooFewSamples);
  EXPECT_FALSE(GateFails({figure}));
}

TEST(BenchBaselineTest, AFigureMissingFromTheRunFailsTheGate) {
  auto comparisons =
      CompareWithBaseline({{"ready/runsc", {1, 2, 3, 4}}, {"exec/runc", {1, 2, 3, 4}}},
                          {{"exec/runc", {1, 2, 3, 4}}, {"claim/runc", {1, 2, 3, 4}}}, {});
  ASSERT_EQ(comparisons.size(), 3u);
  EXPECT_EQ(comparisons[0].verdict, FigureVerdict::kNew);      // claim/runc
  EXPECT_EQ(comparisons[1].verdict, FigureVerdict::kSame);     // exec/runc
  EXPECT_EQ(comparisons[2].verdict, FigureVerdict::kMissing);  // ready/runsc
  EXPECT_TRUE(GateFails(comparisons));
}

}  // namespace
}  // namespace sandcheck::reports
