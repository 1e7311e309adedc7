#include "reports/gate.h"

#include <gtest/gtest.h>

namespace sandcheck::reports {
namespace {

RunReport WithVerdicts(std::vector<Verdict> verdicts) {
  RunReport report;
  DeploymentSection section;
  section.deployment.name = "d";
  for (Verdict verdict : verdicts) {
    CheckResult result;
    result.verdict = verdict;
    section.results.push_back(result);
  }
  report.deployments.push_back(section);
  return report;
}

TEST(GateExitCodeTest, PassAndNotApplicableGiveZero) {
  EXPECT_EQ(GateExitCode(WithVerdicts({Verdict::kPass, Verdict::kNotApplicable}), false), 0);
  EXPECT_EQ(GateExitCode(WithVerdicts({Verdict::kPass, Verdict::kNotApplicable}), true), 0);
}

TEST(GateExitCodeTest, FailOrErrorGiveOne) {
  EXPECT_EQ(GateExitCode(WithVerdicts({Verdict::kPass, Verdict::kFail}), false), 1);
  EXPECT_EQ(GateExitCode(WithVerdicts({Verdict::kPass, Verdict::kError}), false), 1);
}

TEST(GateExitCodeTest, SkipFailsOnlyWhenAskedTo) {
  EXPECT_EQ(GateExitCode(WithVerdicts({Verdict::kPass, Verdict::kSkip}), false), 0);
  EXPECT_EQ(GateExitCode(WithVerdicts({Verdict::kPass, Verdict::kSkip}), true), 1);
}

TEST(GateExitCodeTest, LooksAtEveryDeployment) {
  RunReport report = WithVerdicts({Verdict::kPass});
  report.deployments.push_back(WithVerdicts({Verdict::kFail}).deployments[0]);
  EXPECT_EQ(GateExitCode(report, false), 1);
}

}  // namespace
}  // namespace sandcheck::reports
