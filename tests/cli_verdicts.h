// `sandcheck run FIXTURE` as a user runs it, and the verdicts it reported (results.json): for
// tests that assert a deployment fails exactly the checks it names and errs nowhere. The test
// program defines SANDCHECK_CLI_PATH and SANDCHECK_SOURCE_DIR.
#pragma once

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/process.h"

namespace sandcheck {

inline const std::filesystem::path kShippedDeployments =
    std::filesystem::path(SANDCHECK_SOURCE_DIR) / "fixtures" / "deployments";

// A shipped deployment and the checks it must fail, exactly; every other one passes, skips
// saying why, or does not apply.
struct FixtureCase {
  std::string fixture;  // under fixtures/deployments
  std::set<std::string> failing;
};

inline void PrintTo(const FixtureCase& c, std::ostream* os) { *os << c.fixture; }

// The test name of a case: the fixture's stem, '-' as '_'.
inline std::string FixtureCaseName(const ::testing::TestParamInfo<FixtureCase>& info) {
  std::string name = std::filesystem::path(info.param.fixture).stem().string();
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

struct CliVerdicts {
  std::map<std::string, std::string> verdict;  // check id -> verdict
  std::map<std::string, std::string> summary;
};

// Runs `sandcheck run` on `fixture` (under fixtures/deployments) with `extra` options, its
// reports in `reports`.
inline Result<CliVerdicts> RunFixtureThroughCli(const std::string& fixture,
                                                const std::filesystem::path& reports,
                                                const std::vector<std::string>& extra,
                                                Duration timeout) {
  ProcessSpec spec;
  spec.argv = {SANDCHECK_CLI_PATH, "run", (kShippedDeployments / fixture).string(), "--report-dir",
               reports.string()};
  spec.argv.insert(spec.argv.end(), extra.begin(), extra.end());
  spec.timeout = timeout;
  ASSIGN_OR_RETURN(ProcessOutcome outcome, RunProcess(spec));
  if (outcome.exit_code != 0 && outcome.exit_code != 1) {
    return Fail("sandcheck run {}: {}: {}", fixture, outcome.DescribeEnd(), outcome.err);
  }
  std::ifstream in(reports / "results.json");
  auto json = nlohmann::json::parse(in, nullptr, false);
  if (json.is_discarded()) return Fail("{}: no results.json: {}", fixture, outcome.err);
  CliVerdicts verdicts;
  for (const auto& result : json.at("deployments").at(0).at("results")) {
    std::string id = result.at("id");
    verdicts.verdict[id] = result.at("verdict");
    verdicts.summary[id] = result.value("summary", "");
  }
  return verdicts;
}

inline std::string Describe(const CliVerdicts& verdicts) {
  std::string text;
  for (const auto& [id, verdict] : verdicts.verdict) {
    text += fmt::format("\n  {} {}: {}", id, verdict, verdicts.summary.at(id).substr(0, 300));
  }
  return text;
}

// Exactly `failing` fail, nothing errors, and every skip says why.
inline void ExpectExactlyFailing(const CliVerdicts& verdicts,
                                 const std::set<std::string>& failing) {
  std::set<std::string> failed;
  std::set<std::string> errors;
  for (const auto& [id, verdict] : verdicts.verdict) {
    if (verdict == "fail") failed.insert(id);
    if (verdict == "error") errors.insert(id);
    if (verdict == "skip") {
      EXPECT_FALSE(verdicts.summary.at(id).empty()) << id;
    }
  }
  EXPECT_THAT(errors, ::testing::IsEmpty()) << Describe(verdicts);
  EXPECT_THAT(failed, ::testing::ContainerEq(failing)) << Describe(verdicts);
}

}  // namespace sandcheck
