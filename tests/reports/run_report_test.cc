#include "reports/run_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/reports/sample_report.h"
#include "tests/test_util.h"

namespace sandcheck::reports {
namespace {

using ::testing::HasSubstr;

TEST(ValidateTest, AcceptsTheSample) { EXPECT_OK(Validate(testing::SampleReport("/src"))); }

TEST(ValidateTest, RejectsAResultWithoutRegistryEntry) {
  RunReport report = testing::SampleReport("/src");
  report.checks.erase("ISO-001");
  Status status = Validate(report);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("ISO-001"));
}

TEST(ValidateTest, RejectsDuplicateDeploymentNames) {
  RunReport report = testing::SampleReport("/src");
  report.deployments[1].deployment.name = report.deployments[0].deployment.name;
  EXPECT_THAT(Validate(report).message(), HasSubstr("appears twice"));
}

TEST(ValidateTest, RejectsACheckRunTwiceInOneDeployment) {
  RunReport report = testing::SampleReport("/src");
  report.deployments[0].results.push_back(report.deployments[0].results[0]);
  EXPECT_THAT(Validate(report).message(), HasSubstr("ran twice"));
}

TEST(ValidateTest, RejectsAnUnnamedDeployment) {
  RunReport report = testing::SampleReport("/src");
  report.deployments[0].deployment.name.clear();
  EXPECT_THAT(Validate(report).message(), HasSubstr("no name"));
}

TEST(PhaseOfTest, DeploymentAssignmentOverridesTheCheckDefault) {
  RunReport report = testing::SampleReport("/src");
  const Deployment& deployment = report.deployments[0].deployment;
  EXPECT_EQ(PhaseOf(deployment, report.checks.at("AGT-001")), Phase::kPortability);
  EXPECT_EQ(PhaseOf(deployment, report.checks.at("OBS-001")), Phase::kObservability);
  EXPECT_EQ(PhaseOf(deployment, report.checks.at("ISO-001")), Phase::kIsolation);
}

TEST(PhaseLabelTest, NumbersPhasesAsTheSeedDoes) {
  EXPECT_EQ(PhaseLabel(Phase::kIsolation), "01 isolation");
  EXPECT_EQ(PhaseLabel(Phase::kObservability), "02 observability");
  EXPECT_EQ(PhaseLabel(Phase::kPortability), "03 portability");
}

}  // namespace
}  // namespace sandcheck::reports
