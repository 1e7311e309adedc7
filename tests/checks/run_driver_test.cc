// The run driver, tested the way `sandcheck run` uses it: every selected check of every
// deployment, results as values in a fixed order, progress through a listener.
#include "suites/framework/run_driver.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "tests/checks/fake_substrate.h"

namespace sandcheck {
namespace {

using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Le;
using testing_support::CheckCalling;
using testing_support::FakeSubstrate;
using testing_support::HooksDeployment;
using testing_support::ProtectedWorld;

CheckResult PassesWithSharedSandbox(CheckContext& context) {
  ResultBuilder result(context.check().id);
  result.evidence()["sandbox"] = context.SharedSandbox().ok();
  return result.Pass("fine");
}
CheckResult FailsOutright(CheckContext& context) {
  return ResultBuilder(context.check().id).Fail("broken");
}
CheckResult ThrowsBoom(CheckContext&) { throw std::runtime_error("boom"); }

// Records every call, and the sandboxes alive on the fake substrate as each result came in.
class RecordingListener : public RunListener {
 public:
  explicit RecordingListener(const FakeSubstrate& substrate) : substrate_(substrate) {}
  void OnRunStart(size_t total_checks) override {
    events.push_back("run " + std::to_string(total_checks));
  }
  void OnCheckStart(const Deployment& deployment, const CheckInfo& check) override {
    events.push_back("start " + deployment.name + " " + check.id);
  }
  void OnCheckEnd(const Deployment& deployment, const CheckResult& result) override {
    events.push_back("end " + deployment.name + " " + result.id + " " +
                     std::string(ToString(result.verdict)));
    live_at_end.push_back(substrate_.live_sandboxes());
  }
  std::vector<std::string> events;
  std::vector<int> live_at_end;

 private:
  const FakeSubstrate& substrate_;
};

class RunDriverTest : public ::testing::Test {
 protected:
  RunDriverTest() : substrate_(ProtectedWorld()), listener_(substrate_) {
    checks_ = {CheckCalling("HOOK-001", PassesWithSharedSandbox),
               CheckCalling("HOOK-002", FailsOutright), CheckCalling("HOOK-003", ThrowsBoom),
               CheckCalling("HOOK-004", PassesWithSharedSandbox),
               CheckCalling("EGR-001", PassesWithSharedSandbox, Family::kEgress)};
    checks_[3].required_capabilities = {CapabilityKind::kSandboxKernel};
    for (const auto& check : checks_) selected_.push_back(&check);
  }

  std::vector<DeploymentCheckResult> Run(const std::vector<Deployment>& deployments) {
    return RunDeployments(deployments, selected_, substrate_, RunOptions(), listener_);
  }

  FakeSubstrate substrate_;
  RecordingListener listener_;
  std::vector<CheckInfo> checks_;
  std::vector<const CheckInfo*> selected_;
};

TEST_F(RunDriverTest, EveryVerdictComesBackAsAValueInCheckOrder) {
  auto results = Run({HooksDeployment("driver-deployment")});

  ASSERT_EQ(results.size(), 5u);  // one result per selected check
  std::vector<std::string> ids;
  std::vector<Verdict> verdicts;
  for (const auto& collected : results) {
    EXPECT_EQ(collected.deployment, "driver-deployment");
    ids.push_back(collected.result.id);
    verdicts.push_back(collected.result.verdict);
  }
  EXPECT_THAT(ids, ElementsAre("HOOK-001", "HOOK-002", "HOOK-003", "HOOK-004", "EGR-001"));
  EXPECT_THAT(verdicts, ElementsAre(Verdict::kPass, Verdict::kFail, Verdict::kError, Verdict::kSkip,
                                    Verdict::kNotApplicable));
  // A check that throws is an error, never a pass, and says what it threw.
  EXPECT_THAT(results[2].result.summary, HasSubstr("boom"));
  EXPECT_EQ(results[0].result.evidence["sandbox"], true);
}

TEST_F(RunDriverTest, SharedSandboxesAreReleasedAfterTheLastCheck) {
  Run({HooksDeployment("driver-deployment")});

  EXPECT_EQ(substrate_.live_sandboxes(), 0);
  EXPECT_EQ(substrate_.acquired().size(), 1u) << "one shared sandbox for the hooks family";
}

TEST_F(RunDriverTest, TheListenerSeesEveryCheckInResultOrder) {
  auto results = Run({HooksDeployment("a")});

  EXPECT_THAT(listener_.events,
              ElementsAre("run 5", "start a HOOK-001", "end a HOOK-001 pass", "start a HOOK-002",
                          "end a HOOK-002 fail", "start a HOOK-003", "end a HOOK-003 error",
                          "start a HOOK-004", "end a HOOK-004 skip", "start a EGR-001",
                          "end a EGR-001 not-applicable"));
}

TEST_F(RunDriverTest, DeploymentsRunOneAfterAnotherEachReleasingItsSandboxes) {
  auto results = Run({HooksDeployment("first"), HooksDeployment("second")});

  ASSERT_EQ(results.size(), 10u);
  std::vector<std::string> order;
  for (const auto& collected : results) order.push_back(collected.deployment);
  EXPECT_THAT(order, ElementsAre("first", "first", "first", "first", "first", "second", "second",
                                 "second", "second", "second"));
  EXPECT_EQ(listener_.events.front(), "run 10");
  // The first deployment's shared sandbox is gone before the second's starts.
  EXPECT_THAT(listener_.live_at_end, Each(Le(1)));
  EXPECT_EQ(substrate_.acquired().size(), 2u);
  EXPECT_EQ(substrate_.live_sandboxes(), 0);
}

TEST_F(RunDriverTest, NoDeploymentsGiveNoResults) {
  EXPECT_TRUE(Run({}).empty());
  EXPECT_THAT(listener_.events, ElementsAre("run 0"));
}

}  // namespace
}  // namespace sandcheck
