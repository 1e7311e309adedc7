#include "suites/framework/runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "core/temp_dir.h"
#include "tests/checks/fake_substrate.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;
using testing_support::CheckCalling;
using testing_support::FakeSubstrate;
using testing_support::HooksDeployment;
using testing_support::ProtectedWorld;

CheckResult UsesSharedSandbox(CheckContext& context) {
  ResultBuilder result(context.check().id);
  auto sandbox = context.SharedSandbox();
  if (!sandbox.ok()) return result.Error(sandbox.error());
  auto document = context.Probe({"--only", "files", "--exists", "/etc"});
  if (!document.ok()) return result.Error(document.error());
  return result.Pass((*sandbox)->name());
}

// Checks that meet: each says it started, then waits (bounded) until `kMeeting` checks have.
constexpr int kMeeting = 2;
std::atomic<int> g_started{0};
std::atomic<int> g_running{0};
std::atomic<int> g_most_running{0};

CheckResult Meets(CheckContext& context) {
  ResultBuilder result(context.check().id);
  ++g_started;
  int running = ++g_running;
  for (int seen = g_most_running;
       running > seen && !g_most_running.compare_exchange_weak(seen, running);) {
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (g_started < kMeeting && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  --g_running;
  if (g_started < kMeeting) return result.Fail("ran alone");
  return result.Pass("met");
}

// Passes with the number of sandboxes alive on the fake substrate as it runs.
CheckResult CountsLiveSandboxes(CheckContext& context) {
  auto& fake = dynamic_cast<FakeSubstrate&>(context.substrate());
  return ResultBuilder(context.check().id).Pass(std::to_string(fake.live_sandboxes()));
}

CheckResult TakesAFreshSandbox(CheckContext& context) {
  ResultBuilder result(context.check().id);
  auto sandbox = context.AcquireFresh("crash");
  if (!sandbox.ok()) return result.Error(sandbox.error());
  return result.Pass((*sandbox)->name());
}

bool Always(const Deployment&) { return true; }

class Runner : public ::testing::Test {
 protected:
  RunOptions Options() {
    RunOptions options;
    options.artifacts_root = artifacts_.path();
    return options;
  }
  FakeSubstrate substrate_{ProtectedWorld()};
  TempDir artifacts_ = std::move(TempDir::Create("sandcheck-artifacts-").value());
};

TEST_F(Runner, FamilyOutsideTheDeploymentsPhasesIsNotApplicable) {
  Deployment deployment = HooksDeployment();
  deployment.phases = {{Family::kIsolation, Phase::kIsolation}};
  CheckInfo check = CheckCalling("HOOK-001", UsesSharedSandbox);
  auto results = RunChecks(deployment, substrate_, {&check}, Options());
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].verdict, Verdict::kNotApplicable);
  EXPECT_THAT(results[0].summary, HasSubstr("assigns no phase to the hooks family"));
  EXPECT_TRUE(substrate_.acquired().empty());
}

TEST_F(Runner, MissingCapabilitySkipsWithTheCapabilitysReason) {
  substrate_.capabilities().capabilities[CapabilityKind::kSandboxKernel] = {
      false, "runc shares the host kernel"};
  CheckInfo check = CheckCalling("HOOK-001", UsesSharedSandbox);
  check.required_capabilities = {CapabilityKind::kSandboxKernel};
  CheckInfo unknown = CheckCalling("HOOK-002", UsesSharedSandbox);
  unknown.required_capabilities = {CapabilityKind::kOverlayRootfs};  // not in the substrate's map
  auto results = RunChecks(HooksDeployment(), substrate_, {&check, &unknown}, Options());
  EXPECT_EQ(results[0].verdict, Verdict::kSkip);
  EXPECT_EQ(results[0].summary, "needs capability sandbox-kernel: runc shares the host kernel");
  EXPECT_EQ(results[1].summary,
            "needs capability overlay-rootfs: the substrate does not report it");
}

TEST_F(Runner, AvailableCapabilityRuns) {
  substrate_.capabilities().capabilities[CapabilityKind::kSandboxKernel] = {true, "runsc"};
  CheckInfo check = CheckCalling("HOOK-001", UsesSharedSandbox);
  check.required_capabilities = {CapabilityKind::kSandboxKernel};
  EXPECT_EQ(RunChecks(HooksDeployment(), substrate_, {&check}, Options())[0].verdict,
            Verdict::kPass);
}

TEST_F(Runner, AThrowingCheckIsAnError) {
  CheckInfo throws = CheckCalling(
      "HOOK-001",
      +[](CheckContext&) -> CheckResult { throw std::runtime_error("json type error"); });
  CheckInfo throws_int = CheckCalling(
      "HOOK-002", +[](CheckContext&) -> CheckResult { throw 7; });
  auto results = RunChecks(HooksDeployment(), substrate_, {&throws, &throws_int}, Options());
  EXPECT_EQ(results[0].verdict, Verdict::kError);
  EXPECT_EQ(results[0].summary, "the check threw: json type error");
  EXPECT_EQ(results[1].verdict, Verdict::kError);
}

TEST_F(Runner, TheResultCarriesTheChecksIdWhateverTheCheckSaid) {
  CheckInfo check = CheckCalling(
      "HOOK-001", +[](CheckContext&) { return ResultBuilder("ISO-999").Pass("x"); });
  EXPECT_EQ(RunChecks(HooksDeployment(), substrate_, {&check}, Options())[0].id, "HOOK-001");
}

TEST_F(Runner, ChecksOfAFamilyShareOneSandboxAndOneProbeRun) {
  CheckInfo first = CheckCalling("HOOK-001", UsesSharedSandbox);
  CheckInfo second = CheckCalling("HOOK-002", UsesSharedSandbox);
  CheckInfo other_family = CheckCalling("ISO-001", UsesSharedSandbox, Family::kIsolation);
  Deployment deployment = HooksDeployment();
  deployment.phases.push_back({Family::kIsolation, Phase::kIsolation});
  auto results = RunChecks(deployment, substrate_, {&first, &second, &other_family}, Options());
  EXPECT_EQ(results[0].verdict, Verdict::kPass);
  EXPECT_EQ(results[0].summary, results[1].summary);  // the same sandbox name
  EXPECT_NE(results[0].summary, results[2].summary);
  EXPECT_THAT(substrate_.acquired(), UnorderedElementsAre("hooks", "isolation"));
  EXPECT_EQ(substrate_.probe_runs(), 2);
  EXPECT_EQ(substrate_.live_sandboxes(), 0);
}

TEST_F(Runner, FamiliesRunSideBySideAndEachFamilysChecksInOrder) {
  g_started = 0;
  g_most_running = 0;
  CheckInfo hooks = CheckCalling("HOOK-001", Meets);
  CheckInfo isolation = CheckCalling("ISO-001", Meets, Family::kIsolation);
  CheckInfo later_hooks = CheckCalling("HOOK-002", Meets);
  Deployment deployment = HooksDeployment();
  deployment.phases.push_back({Family::kIsolation, Phase::kIsolation});
  auto results = RunChecks(deployment, substrate_, {&hooks, &isolation, &later_hooks}, Options());
  EXPECT_EQ(results[0].verdict, Verdict::kPass) << results[0].summary;
  EXPECT_EQ(results[1].verdict, Verdict::kPass) << results[1].summary;
  EXPECT_EQ(results[2].id, "HOOK-002");
  EXPECT_EQ(g_most_running, 2);  // never two checks of one family at once
}

TEST_F(Runner, OneLaneRunsOneCheckAfterAnother) {
  g_started = 0;
  CheckInfo hooks = CheckCalling("HOOK-001", Meets);
  CheckInfo isolation = CheckCalling("ISO-001", Meets, Family::kIsolation);
  Deployment deployment = HooksDeployment();
  deployment.phases.push_back({Family::kIsolation, Phase::kIsolation});
  RunOptions options = Options();
  options.family_lanes = 1;
  auto results = RunChecks(deployment, substrate_, {&hooks, &isolation}, options);
  EXPECT_EQ(results[0].verdict, Verdict::kFail);  // waited 2 s for a check that never started
  EXPECT_EQ(results[1].verdict, Verdict::kPass);
}

TEST_F(Runner, AFailedAcquireIsAnErrorAndIsNotRetriedForEveryCheck) {
  substrate_.world().acquire_error = "runc create: exit 1";
  CheckInfo first = CheckCalling("HOOK-001", UsesSharedSandbox);
  CheckInfo second = CheckCalling("HOOK-002", UsesSharedSandbox);
  auto results = RunChecks(HooksDeployment(), substrate_, {&first, &second}, Options());
  EXPECT_EQ(results[0].verdict, Verdict::kError);
  EXPECT_THAT(results[1].summary, HasSubstr("runc create: exit 1"));
  EXPECT_EQ(substrate_.acquired().size(), 1u);
}

TEST_F(Runner, AProbeThatFailsIsAnError) {
  substrate_.world().probe_exit_code = 2;
  CheckInfo check = CheckCalling("HOOK-001", UsesSharedSandbox);
  CheckResult result = RunChecks(HooksDeployment(), substrate_, {&check}, Options())[0];
  EXPECT_EQ(result.verdict, Verdict::kError);
  EXPECT_THAT(result.summary, HasSubstr("sandcheck-probe"));
}

TEST_F(Runner, ArtifactsLandInTheChecksDirectoryAndInTheResult) {
  CheckInfo check = CheckCalling(
      "HOOK-001", +[](CheckContext& context) {
        ResultBuilder result(context.check().id);
        auto path = context.WriteArtifact("evidence.json", "{}");
        if (!path.ok()) return result.Error(path.error());
        return result.Pass("wrote");
      });
  CheckResult result =
      RunChecks(HooksDeployment("a deployment"), substrate_, {&check}, Options())[0];
  ASSERT_EQ(result.artifacts.size(), 1u);
  EXPECT_EQ(result.artifacts[0], artifacts_.path() / "a_deployment" / "HOOK-001" / "evidence.json");
  std::ifstream file(result.artifacts[0]);
  std::string content;
  file >> content;
  EXPECT_EQ(content, "{}");
}

TEST_F(Runner, FreshSandboxesAreTheChecksOwn) {
  CheckInfo check = CheckCalling("HOOK-001", TakesAFreshSandbox);
  CheckResult result = RunChecks(HooksDeployment(), substrate_, {&check}, Options())[0];
  EXPECT_THAT(result.summary, HasSubstr("crash"));
  EXPECT_EQ(substrate_.live_sandboxes(), 0);
}

TEST_F(Runner, ASandboxDeclaredAheadIsStartedForItsCheckAndOneNotTakenIsDestroyed) {
  CheckInfo takes = CheckCalling("HOOK-001", TakesAFreshSandbox);
  takes.prefetch_fresh = Always;
  CheckInfo leaves = CheckCalling("HOOK-002", CountsLiveSandboxes);
  leaves.prefetch_fresh = Always;
  auto results = RunChecks(HooksDeployment(), substrate_, {&takes, &leaves}, Options());
  EXPECT_THAT(results[0].summary, HasSubstr("hook-001"));  // started ahead, named for the check
  EXPECT_EQ(results[1].verdict, Verdict::kPass);
  ASSERT_FALSE(substrate_.acquired().empty());
  EXPECT_EQ(substrate_.acquired().front(), "hook-001");
  EXPECT_EQ(substrate_.live_sandboxes(), 0);
}

TEST_F(Runner, NoSandboxIsStartedAheadForACheckThatWillNotRun) {
  CheckInfo check = CheckCalling("ISO-001", TakesAFreshSandbox, Family::kIsolation);
  check.prefetch_fresh = Always;
  auto results = RunChecks(HooksDeployment(), substrate_, {&check}, Options());
  EXPECT_EQ(results[0].verdict, Verdict::kNotApplicable);  // no isolation phase
  EXPECT_THAT(substrate_.acquired(), ::testing::IsEmpty());
}

TEST_F(Runner, AFamilysSandboxesGoOnceItsLastCheckHasRun) {
  CheckInfo hooks = CheckCalling("HOOK-001", UsesSharedSandbox);
  CheckInfo isolation = CheckCalling("ISO-001", CountsLiveSandboxes, Family::kIsolation);
  Deployment deployment = HooksDeployment();
  deployment.phases.push_back({Family::kIsolation, Phase::kIsolation});
  RunOptions options = Options();
  options.family_lanes = 1;  // hooks first, then isolation
  auto results = RunChecks(deployment, substrate_, {&hooks, &isolation}, options);
  EXPECT_EQ(results[0].verdict, Verdict::kPass);
  EXPECT_EQ(results[1].summary, "0");  // the hooks sandbox went before isolation started
}

}  // namespace
}  // namespace sandcheck
