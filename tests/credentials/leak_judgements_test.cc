// Judging where the scan found needles: CRED-001, CRED-002 and CRED-004's pure logic, and
// how a Judgement becomes a verdict.
#include "suites/credentials/leak_judgements.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sandcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

constexpr size_t kGhToken = 0;
constexpr size_t kOauth = 1;
constexpr size_t kLiteral = 2;

// GH_TOKEN is a host canary nobody hands over; CLAUDE_CREDENTIALS is handed to the entrypoint
// and unset; the literal is a credential written into the deployment file, also unset.
NeedleCatalog Catalog() {
  NeedleCatalog catalog;
  catalog.needles = {
      {"ghp", "host environment GH_TOKEN", true, {}, false},
      {"oauth", "host environment CLAUDE_CREDENTIALS", true, {"CLAUDE_CREDENTIALS"}, true},
      {"literal", "deployment env OAUTH_TOKEN", false, {"OAUTH_TOKEN"}, true},
  };
  return catalog;
}

ScanReport Report(std::vector<ScanHit> hits) {
  ScanReport report;
  report.hits = std::move(hits);
  report.complete = true;
  report.environ_scanned = 2;
  return report;
}

ScanHit InEnviron(size_t needle, std::string location, std::string variable) {
  return {needle, std::move(location), std::move(variable)};
}

ScanHit InFile(size_t needle, std::string path) { return {needle, std::move(path), std::nullopt}; }

TEST(JudgeEnvironmentLeaks, CleanWhenNoCanaryIsInAnyEnvironment) {
  Judgement judgement = JudgeEnvironmentLeaks(Catalog(), Report({InFile(kGhToken, "/etc/x")}));
  EXPECT_THAT(judgement.problems, IsEmpty());
  EXPECT_THAT(judgement.inconclusive, IsEmpty());
  EXPECT_THAT(judgement.evidence["hits"], IsEmpty());
}

TEST(JudgeEnvironmentLeaks, FailsOnEveryHostCanaryInAnEnvironment) {
  Judgement judgement = JudgeEnvironmentLeaks(
      Catalog(), Report({InEnviron(kGhToken, "/proc/1/environ", "GH_TOKEN"),
                         InEnviron(kLiteral, "/proc/self/environ", "OAUTH_TOKEN")}));
  EXPECT_THAT(judgement.problems,
              ElementsAre("host environment GH_TOKEN found in /proc/1/environ as GH_TOKEN"));
  EXPECT_EQ(judgement.evidence["hits"][0]["origin"], "host environment GH_TOKEN");
  EXPECT_THAT(judgement.evidence.dump(), Not(HasSubstr("ghp\"")));  // names, never values
}

TEST(JudgeEnvironmentLeaks, IsInconclusiveWhenNoOtherProcessWasReadable) {
  ScanReport report = Report({});
  report.environ_scanned = 0;
  report.environ_unreadable = 3;
  Judgement judgement = JudgeEnvironmentLeaks(Catalog(), report);
  EXPECT_THAT(judgement.inconclusive, ElementsAre(HasSubstr("3 unreadable")));
}

TEST(JudgeFileLeaks, FailsOnAHostCanaryInAFile) {
  Judgement judgement = JudgeFileLeaks(
      Catalog(), Report({InFile(kGhToken, "/home/agent/.config/gh/hosts.yml")}), std::nullopt);
  EXPECT_THAT(judgement.problems,
              ElementsAre("host environment GH_TOKEN found in /home/agent/.config/gh/hosts.yml"));
}

TEST(JudgeFileLeaks, AllowsAnUnsetCredentialOnlyInTheKeptCredentialsFile) {
  const std::string kept = "/home/agent/.claude/.credentials.json";
  Judgement allowed = JudgeFileLeaks(Catalog(), Report({InFile(kOauth, kept)}), kept);
  EXPECT_THAT(allowed.problems, IsEmpty());
  EXPECT_THAT(allowed.evidence["allowed_hits"], SizeIs(1));

  Judgement elsewhere =
      JudgeFileLeaks(Catalog(), Report({InFile(kOauth, "/tmp/creds.json")}), kept);
  EXPECT_THAT(elsewhere.problems, SizeIs(1));
  Judgement without_oauth_file = JudgeFileLeaks(Catalog(), Report({InFile(kOauth, kept)}), {});
  EXPECT_THAT(without_oauth_file.problems, SizeIs(1));
  Judgement not_handed_over = JudgeFileLeaks(Catalog(), Report({InFile(kGhToken, kept)}), kept);
  EXPECT_THAT(not_handed_over.problems, SizeIs(1));
}

TEST(JudgeFileLeaks, IgnoresTheDeploymentsOwnLiteralsAndEnvironmentHits) {
  Judgement judgement = JudgeFileLeaks(
      Catalog(),
      Report({InFile(kLiteral, "/x"), InEnviron(kGhToken, "/proc/1/environ", "GH_TOKEN")}),
      std::nullopt);
  EXPECT_THAT(judgement.problems, IsEmpty());
}

TEST(JudgeFileLeaks, IsInconclusiveWhenTheScanStoppedEarly) {
  ScanReport report = Report({});
  report.complete = false;
  report.stopped_by = "files";
  Judgement judgement = JudgeFileLeaks(Catalog(), report, std::nullopt);
  EXPECT_THAT(judgement.inconclusive, ElementsAre(HasSubstr("budget: files")));
}

TEST(JudgeHandedOverLeaks, FailsWhenAHandedOverValueSurvivesInAnEnvironment) {
  Deployment deployment;
  deployment.env_unset_before_exec = {"CLAUDE_CREDENTIALS", "OAUTH_TOKEN"};
  Judgement judgement = JudgeHandedOverLeaks(
      Catalog(), Report({InEnviron(kOauth, "/proc/1/environ", "CLAUDE_CREDENTIALS")}), deployment);
  EXPECT_THAT(judgement.problems,
              ElementsAre("host environment CLAUDE_CREDENTIALS (handed to the entrypoint by "
                          "CLAUDE_CREDENTIALS) found in /proc/1/environ as CLAUDE_CREDENTIALS"));
  EXPECT_EQ(judgement.evidence["variables"]["CLAUDE_CREDENTIALS"]["unset_before_exec"], true);
}

TEST(JudgeHandedOverLeaks, NamesAVariableTheDeploymentDoesNotUnset) {
  NeedleCatalog catalog = Catalog();
  catalog.needles[kGhToken].handed_over_by = {"GH_TOKEN"};
  Judgement judgement = JudgeHandedOverLeaks(
      catalog, Report({InEnviron(kGhToken, "/proc/self/environ", "GH_TOKEN")}), Deployment{});
  EXPECT_THAT(judgement.problems,
              ElementsAre(HasSubstr("which env_unset_before_exec does not list")));
  EXPECT_EQ(judgement.evidence["variables"]["GH_TOKEN"]["unset_before_exec"], false);
}

// An entrypoint that unsets the variable and passes its value as an argument: CRED-001 sees the
// command line (the probe reports each argument as argv[i]), CRED-004's unset held.
TEST(JudgeEnvironmentLeaks, FailsOnAHostCanaryInAProcesssCommandLine) {
  ScanReport report = Report({InEnviron(kOauth, "/proc/7/cmdline", "argv[3]")});
  Judgement judgement = JudgeEnvironmentLeaks(Catalog(), report);
  EXPECT_THAT(judgement.problems, ElementsAre(HasSubstr("found in /proc/7/cmdline as argv[3]")));
  Deployment deployment;
  deployment.env_unset_before_exec = {"CLAUDE_CREDENTIALS"};
  EXPECT_THAT(JudgeHandedOverLeaks(Catalog(), report, deployment).problems, IsEmpty());
}

TEST(JudgeHandedOverLeaks, CleanWhenHandedOverValuesAreOnlyInFiles) {
  Judgement judgement = JudgeHandedOverLeaks(
      Catalog(), Report({InFile(kOauth, "/home/agent/.claude/.credentials.json")}), Deployment{});
  EXPECT_THAT(judgement.problems, IsEmpty());
  EXPECT_THAT(judgement.inconclusive, IsEmpty());
}

TEST(JudgeHandedOverLeaks, IsInconclusiveForValuesTooShortToSearch) {
  NeedleCatalog catalog = Catalog();
  catalog.too_short = {"PIN"};
  Judgement judgement = JudgeHandedOverLeaks(catalog, Report({}), Deployment{});
  EXPECT_THAT(judgement.inconclusive, ElementsAre(HasSubstr("PIN is shorter than 8")));
}

TEST(Conclude, ProblemsFailInconclusiveErrorsOtherwisePass) {
  Judgement judgement;
  EXPECT_EQ(Conclude(ResultBuilder("CRED-001"), judgement, "e", "fine").verdict, Verdict::kPass);
  judgement.inconclusive = {"could not read"};
  CheckResult error = Conclude(ResultBuilder("CRED-001"), judgement, "e", "fine");
  EXPECT_EQ(error.verdict, Verdict::kError);
  EXPECT_THAT(error.summary, HasSubstr("could not read"));
  judgement.problems = {"leaked", "leaked again"};
  CheckResult fail = Conclude(ResultBuilder("CRED-001"), judgement, "e", "fine");
  EXPECT_EQ(fail.verdict, Verdict::kFail);
  EXPECT_EQ(fail.summary, "leaked; leaked again");
  EXPECT_EQ(fail.evidence["problems"].size(), 2u);
}

}  // namespace
}  // namespace sandcheck
