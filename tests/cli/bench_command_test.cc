// `sandcheck bench` on synthetic Google Benchmark files: the baseline gate's exit codes in
// both directions (a real regression fails, noise passes) and the JSON it writes back.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/fs_util.h"
#include "core/process.h"
#include "core/temp_dir.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

ProcessOutcome BenchCli(std::vector<std::string> args) {
  args.insert(args.begin(), {SANDCHECK_CLI_PATH, "bench"});
  ProcessSpec spec;
  spec.argv = args;
  spec.timeout = std::chrono::seconds(60);
  auto outcome = RunProcess(spec);
  EXPECT_TRUE(outcome.ok()) << outcome.message();
  return outcome.ok() ? outcome.value() : ProcessOutcome{};
}

// Google Benchmark's JSON for repetitions of one figure, in microseconds as it may write them,
// with the paired ratio to the bare runtime as a counter when given.
json GbenchFile(const std::vector<double>& samples_ms, const std::vector<double>& ratios = {}) {
  json runs = json::array();
  const std::string name = "first_exec/runc/iterations:1/manual_time";
  for (size_t i = 0; i < samples_ms.size(); ++i) {
    runs.push_back({{"name", name},
                    {"run_name", name},
                    {"run_type", "iteration"},
                    {"repetitions", samples_ms.size()},
                    {"repetition_index", i},
                    {"threads", 1},
                    {"iterations", 1},
                    {"real_time", samples_ms[i] * 1000},
                    {"cpu_time", 50.0},
                    {"time_unit", "us"}});
    if (i < ratios.size()) runs.back()["ratio_vs_bare"] = ratios[i];
  }
  runs.push_back({{"name", name + "_p50"},
                  {"run_name", name},
                  {"run_type", "aggregate"},
                  {"aggregate_name", "p50"},
                  {"real_time", 0},
                  {"time_unit", "us"}});
  return {{"context", {{"num_cpus", 2}, {"library_build_type", "release"}}}, {"benchmarks", runs}};
}

class BenchCommandTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK_AND_ASSIGN(dir_, TempDir::Create("sandcheck-bench-cli-")); }

  std::string Write(const std::string& name, const json& doc) {
    auto path = dir_->path() / name;
    EXPECT_OK(WriteFile(path, doc.dump(), 0644));
    return path.string();
  }

  std::optional<TempDir> dir_;
};

const std::vector<double> kBaseline = {100, 103, 98, 101, 99, 104, 97, 102, 100, 101};

TEST_F(BenchCommandTest, ARegressionFailsTheGateWithExitOne) {
  std::vector<double> slower;
  for (double sample : kBaseline) slower.push_back(sample * 1.4);
  auto outcome = BenchCli({"--input", Write("now.json", GbenchFile(slower)), "--baseline",
                           Write("base.json", GbenchFile(kBaseline))});
  EXPECT_EQ(outcome.exit_code, 1) << outcome.out << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("REGRESSED"));
  EXPECT_THAT(outcome.err, HasSubstr("regression against the baseline"));
}

TEST_F(BenchCommandTest, NoiseAroundTheBaselinePassesWithExitZero) {
  const std::vector<double> noise = {99, 104, 100, 97, 102, 101, 98, 103, 100, 99};
  auto outcome = BenchCli({"--input", Write("now.json", GbenchFile(noise)), "--baseline",
                           Write("base.json", GbenchFile(kBaseline))});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.out << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("first_exec/runc"));
  EXPECT_THAT(outcome.out, ::testing::Not(HasSubstr("REGRESSED")));
}

TEST_F(BenchCommandTest, AFasterRunPassesTheGate) {
  std::vector<double> faster;
  for (double sample : kBaseline) faster.push_back(sample * 0.6);
  auto outcome = BenchCli({"--input", Write("now.json", GbenchFile(faster)), "--baseline",
                           Write("base.json", GbenchFile(kBaseline))});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.out << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("improved"));
}

// A loaded machine doubles every time, sandcheck's and the bare runtime's alike: the time gate
// flags it, the ratio gate does not; a grown ratio fails the ratio gate.
TEST_F(BenchCommandTest, TheRatioGateIgnoresLoadAndCatchesOverhead) {
  const std::vector<double> ratios = {1.01, 1.03, 0.99, 1.02, 1.00, 1.04, 0.98, 1.02, 1.01, 1.00};
  std::vector<double> loaded, grown;
  for (double sample : kBaseline) loaded.push_back(sample * 2);
  for (double ratio : ratios) grown.push_back(ratio * 1.3);
  std::string base = Write("base.json", GbenchFile(kBaseline, ratios));
  std::string busy = Write("busy.json", GbenchFile(loaded, ratios));
  EXPECT_EQ(BenchCli({"--input", busy, "--baseline", base}).exit_code, 1);
  auto by_ratio = BenchCli({"--input", busy, "--baseline", base, "--compare", "ratio"});
  EXPECT_EQ(by_ratio.exit_code, 0) << by_ratio.out << by_ratio.err;
  auto slower = BenchCli({"--input", Write("grown.json", GbenchFile(kBaseline, grown)),
                          "--baseline", base, "--compare", "ratio"});
  EXPECT_EQ(slower.exit_code, 1) << slower.out << slower.err;
  EXPECT_THAT(slower.out, HasSubstr("REGRESSED"));
}

TEST_F(BenchCommandTest, WritesGoogleBenchmarkJsonAndPrintsPercentiles) {
  auto out = dir_->path() / "out.json";
  auto outcome =
      BenchCli({"--input", Write("now.json", GbenchFile(kBaseline)), "--out", out.string()});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("first_exec/runc"));
  ASSERT_OK_AND_ASSIGN(std::string text, ReadFile(out));
  json written = json::parse(text);
  EXPECT_EQ(written, GbenchFile(kBaseline));  // compare.py reads exactly what it wrote
}

TEST_F(BenchCommandTest, AnUnreadableBaselineIsAUsageError) {
  auto outcome = BenchCli({"--input", Write("now.json", GbenchFile(kBaseline)), "--baseline",
                           (dir_->path() / "missing.json").string()});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.err, HasSubstr("baseline"));
}

TEST_F(BenchCommandTest, TooFewRepetitionsIsAUsageError) {
  auto outcome = BenchCli({"--repetitions", "3"});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.err, HasSubstr("--repetitions >= 9"));
}

}  // namespace
}  // namespace sandcheck
