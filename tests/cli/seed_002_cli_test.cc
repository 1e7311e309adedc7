// Seed 002 (Docker sbx kits and claude-sbx), run as a user runs it: `sandcheck run FILE` with
// every check. The deployments pass every check that applies; each negative control fails
// exactly the checks it names, and nothing errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "core/process.h"
#include "core/temp_dir.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::IsEmpty;
using ::testing::UnorderedElementsAreArray;

const std::filesystem::path kDeployments =
    std::filesystem::path(SANDCHECK_SOURCE_DIR) / "fixtures" / "deployments";

struct Seed002Case {
  std::string file;  // under fixtures/deployments
  std::set<std::string> fails;
};

void PrintTo(const Seed002Case& c, std::ostream* os) { *os << c.file; }

class Seed002 : public ::testing::TestWithParam<Seed002Case> {};

TEST_P(Seed002, FailsExactlyTheChecksItNames) {
  const Seed002Case& c = GetParam();
  ASSERT_OK_AND_ASSIGN(TempDir reports, TempDir::Create("sandcheck-seed-002-"));
  ProcessSpec spec;
  spec.argv = {SANDCHECK_CLI_PATH, "run", (kDeployments / c.file).string(), "--report-dir",
               reports.path().string()};
  spec.timeout = std::chrono::minutes(9);
  ASSERT_OK_AND_ASSIGN(ProcessOutcome outcome, RunProcess(spec));
  ASSERT_EQ(outcome.exit_code, c.fails.empty() ? 0 : 1) << outcome.out << outcome.err;

  std::ifstream in(reports.path() / "results.json");
  nlohmann::json results = nlohmann::json::parse(in);
  std::vector<std::string> failed, errors;
  for (const auto& result : results["deployments"][0]["results"]) {
    std::string line = result["id"].get<std::string>() + ": " + result.value("summary", "");
    if (result["verdict"] == "fail") failed.push_back(result["id"]);
    if (result["verdict"] == "error") errors.push_back(line);
  }
  EXPECT_THAT(errors, IsEmpty());
  EXPECT_THAT(failed, UnorderedElementsAreArray(c.fails)) << outcome.out;
}

INSTANTIATE_TEST_SUITE_P(
    Deployments, Seed002,
    ::testing::Values(Seed002Case{"seed-002-sbx-kits.yaml", {}},
                      Seed002Case{"seed-002-claude-sbx.yaml", {}},
                      Seed002Case{"negative/egress-reload-appends.yaml", {"EGR-016"}},
                      Seed002Case{"negative/egress-sbx-kit-allows-everything.yaml",
                                  {"EGR-007", "EGR-011", "EGR-012", "EGR-013"}},
                      Seed002Case{"negative/cred-claude-settings-seeded.yaml", {"CRED-005"}},
                      Seed002Case{"negative/pers-workspace-not-the-hosts.yaml", {"PERS-007"}},
                      Seed002Case{"negative/cred-sbx-key-in-sandbox-env.yaml",
                                  {"CRED-001", "CRED-004", "CREDP-001"}}),
    [](const auto& info) {
      std::string name = std::filesystem::path(info.param.file).stem().string();
      std::replace(name.begin(), name.end(), '-', '_');
      return name;
    });

}  // namespace
}  // namespace sandcheck
