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

// Google Benchmark's JSON for repetitions of one figure, in microseconds as it may write them.
json GbenchFile(const std::vector<double>& samples_ms) {
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
