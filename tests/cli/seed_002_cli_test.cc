// Seed 002 (Docker sbx kits and claude-sbx), run as a user runs it: `sandcheck run FILE` with
// every check. The deployments pass every check that applies; each negative control fails
// exactly the checks it names, and nothing errors (docs/seeds.md).
#include "core/temp_dir.h"
#include "tests/cli_verdicts.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

class Seed002 : public ::testing::TestWithParam<FixtureCase> {};

TEST_P(Seed002, FailsExactlyTheChecksItNames) {
  ASSERT_OK_AND_ASSIGN(TempDir reports, TempDir::Create("sandcheck-seed-002-"));
  ASSERT_OK_AND_ASSIGN(
      CliVerdicts verdicts,
      RunFixtureThroughCli(GetParam().fixture, reports.path(), {}, std::chrono::minutes(9)));
  ExpectExactlyFailing(verdicts, GetParam().failing);
}

INSTANTIATE_TEST_SUITE_P(
    Deployments, Seed002,
    ::testing::Values(FixtureCase{"seed-002-sbx-kits.yaml", {}},
                      FixtureCase{"seed-002-claude-sbx.yaml", {}},
                      FixtureCase{"negative/egress-reload-appends.yaml", {"EGR-016"}},
                      FixtureCase{"negative/egress-sbx-kit-allows-everything.yaml",
                                  {"EGR-007", "EGR-011", "EGR-012", "EGR-013"}},
                      FixtureCase{"negative/cred-claude-settings-seeded.yaml", {"CRED-005"}},
                      FixtureCase{"negative/pers-workspace-not-the-hosts.yaml", {"PERS-007"}},
                      FixtureCase{"negative/cred-sbx-key-in-sandbox-env.yaml",
                                  {"CRED-001", "CRED-004", "CREDP-001"}}),
    FixtureCaseName);

}  // namespace
}  // namespace sandcheck
