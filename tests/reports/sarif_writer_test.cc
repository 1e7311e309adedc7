#include "reports/sarif_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/reports/sample_report.h"

namespace sandcheck::reports {
namespace {

using ::testing::HasSubstr;

class SarifWriterTest : public ::testing::Test {
 protected:
  nlohmann::json log_ = SarifLog(testing::SampleReport("/src"), 1, "/src");
  const nlohmann::json& run() { return log_["runs"][0]; }
};

TEST_F(SarifWriterTest, IsSarif210WithTheRequiredTopLevel) {
  EXPECT_EQ(log_["version"], "2.1.0");
  EXPECT_THAT(log_["$schema"].get<std::string>(), HasSubstr("sarif-schema-2.1.0.json"));
  ASSERT_EQ(log_["runs"].size(), 1u);
  EXPECT_EQ(run()["tool"]["driver"]["name"], "sandcheck");
  EXPECT_EQ(run()["tool"]["driver"]["version"], "0.1.0");
}

TEST_F(SarifWriterTest, OnlyFailedChecksBecomeResults) {
  std::vector<std::string> rule_ids;
  for (const auto& result : run()["results"]) rule_ids.push_back(result["ruleId"]);
  EXPECT_EQ(rule_ids, (std::vector<std::string>{"CRED-001", "OBS-001", "ISO-002"}));
  for (const auto& result : run()["results"]) EXPECT_EQ(result["kind"], "fail");
}

TEST_F(SarifWriterTest, RulesAreTheFailedChecksWithMustAndRemediation) {
  const auto& rules = run()["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[0]["id"], "CRED-001");
  EXPECT_EQ(rules[0]["shortDescription"]["text"],
            "No host credential MUST be readable from inside the sandbox");
  EXPECT_THAT(rules[0]["help"]["text"].get<std::string>(), HasSubstr("How to fix CRED-001"));
  EXPECT_EQ(rules[0]["properties"]["security-severity"], "9.5");
  for (const auto& result : run()["results"]) {
    EXPECT_EQ(rules[result["ruleIndex"].get<size_t>()]["id"], result["ruleId"]);
  }
}

TEST_F(SarifWriterTest, LevelFollowsSeverity) {
  EXPECT_EQ(SarifLevel(Severity::kCritical), "error");
  EXPECT_EQ(SarifLevel(Severity::kHigh), "error");
  EXPECT_EQ(SarifLevel(Severity::kMedium), "warning");
  EXPECT_EQ(SarifLevel(Severity::kLow), "note");
  EXPECT_EQ(run()["results"][0]["level"], "error");  // CRED-001, critical
  EXPECT_EQ(run()["results"][1]["level"], "note");   // OBS-001, low
}

TEST_F(SarifWriterTest, LocationIsTheDeploymentFileRelativeToTheSourceRoot) {
  const auto& location = run()["results"][0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(location["artifactLocation"]["uri"], "fixtures/deployments/reference-runc.yaml");
  EXPECT_EQ(location["artifactLocation"]["uriBaseId"], kSarifSourceRoot);
  EXPECT_EQ(location["region"]["startLine"], 1);
  EXPECT_EQ(run()["originalUriBaseIds"][kSarifSourceRoot]["uri"], "file:///src/");
}

TEST(SarifLocationTest, FileOutsideTheRootGetsAnAbsoluteUri) {
  RunReport report = testing::SampleReport("/elsewhere dir");
  nlohmann::json log = SarifLog(report, 1, "/src");
  const auto& artifact =
      log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
  EXPECT_EQ(artifact["uri"], "file:///elsewhere%20dir/fixtures/deployments/reference-runc.yaml");
  EXPECT_FALSE(artifact.contains("uriBaseId"));
}

TEST_F(SarifWriterTest, InvocationRecordsExitCodeAndHarnessErrors) {
  const auto& invocation = run()["invocations"][0];
  EXPECT_EQ(invocation["exitCode"], 1);
  EXPECT_EQ(invocation["executionSuccessful"], false);  // HOOK-001 errored
  ASSERT_EQ(invocation["toolExecutionNotifications"].size(), 1u);
  EXPECT_EQ(invocation["toolExecutionNotifications"][0]["associatedRule"]["id"], "HOOK-001");
}

TEST_F(SarifWriterTest, FingerprintIsStableAcrossRuns) {
  EXPECT_EQ(run()["results"][0]["partialFingerprints"]["sandcheckDeploymentCheck/v1"],
            "reference-runc/CRED-001");
  EXPECT_EQ(run()["automationDetails"]["id"], "sandcheck/r20261122-3f2a");
}

TEST(SarifEmptyTest, NoFailureGivesAnEmptyResultsArray) {
  RunReport report = testing::SampleReport("/src");
  for (auto& section : report.deployments) {
    for (auto& result : section.results) result.verdict = Verdict::kPass;
  }
  nlohmann::json log = SarifLog(report, 0, "/src");
  EXPECT_TRUE(log["runs"][0]["results"].is_array());
  EXPECT_TRUE(log["runs"][0]["results"].empty());
  EXPECT_EQ(log["runs"][0]["invocations"][0]["executionSuccessful"], true);
}

}  // namespace
}  // namespace sandcheck::reports
