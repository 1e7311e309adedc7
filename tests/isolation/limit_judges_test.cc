// ISO-017..019 judged on canned probe documents.
#include "suites/isolation/limit_judges.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/isolation/canned.h"

namespace sandcheck::isolation::testing {
namespace {

using ::testing::HasSubstr;

// A stress run whose probe reported `section`, in a sandbox and on a host that still run.
StressRun Reported(const std::string& name, nlohmann::json section) {
  StressRun run;
  run.document = HardenedDocument();
  (*run.document)[name] = std::move(section);
  run.host_starts_processes = true;
  run.host_detail = "exit 0";
  return run;
}

// A stress run that took the whole sandbox down.
StressRun SandboxStopped() {
  StressRun run;
  run.probe_error = "exit 128: urpc method \"containerManager.WaitPID\" failed: EOF";
  run.sandbox_alive_after = false;
  run.host_starts_processes = true;
  run.host_detail = "exit 0";
  return run;
}

nlohmann::json ForkBomb(int forked, const std::string& stopped_by, const std::string& error) {
  return {{"requested", 160},
          {"forked", forked},
          {"stopped_by", stopped_by},
          {"errno", error.empty() ? 0 : 11},
          {"error", error.empty() ? nlohmann::json() : nlohmann::json(error)},
          {"reaped", forked},
          {"elapsed_ms", 40}};
}

nlohmann::json Allocation(const std::string& outcome, int touched, std::optional<int> signal) {
  return {{"requested_mb", 384},   {"outcome", outcome},
          {"touched_mb", touched}, {"signal", signal ? nlohmann::json(*signal) : nlohmann::json()},
          {"exit_code", nullptr},  {"mmap_error", nullptr},
          {"fork_error", nullptr}, {"elapsed_ms", 300}};
}

class LimitJudgesTest : public ::testing::Test {
 protected:
  CheckResult Pids(const std::optional<StressRun>& run) {
    Observation observation{deployment_, document_, capabilities_, TestHost()};
    return Conclude(ResultBuilder("ISO-017"), JudgePidsLimit(observation, run));
  }
  CheckResult Memory(const std::optional<StressRun>& run) {
    Observation observation{deployment_, document_, capabilities_, TestHost()};
    return Conclude(ResultBuilder("ISO-018"), JudgeMemoryLimit(observation, run));
  }
  CheckResult Cpu() { return Decide(JudgeCpuLimit, deployment_, document_, capabilities_); }

  // What the shared document says on gVisor: another kernel, no cgroup files.
  void OnGvisor() {
    capabilities_ = RunscCapabilities();
    document_["kernel"].update({{"release", "4.4.0"}, {"version", "#1 SMP Sun Jan 10 2016"}});
    document_["limits"].update({{"cpu_max", nullptr},
                                {"cpu_period", nullptr},
                                {"pids_max", nullptr},
                                {"memory_max", nullptr}});
  }

  Deployment deployment_ = HardenedDeployment();
  nlohmann::json document_ = HardenedDocument();
  RuntimeCapabilities capabilities_ = RuncCapabilities();
};

TEST(StressSizes, GoPastTheDeclaredLimitWithinTheProbesCaps) {
  EXPECT_EQ(ForkBombSize(128), 160);
  EXPECT_EQ(ForkBombSize(16), 32);
  EXPECT_EQ(ForkBombSize(8000), std::nullopt);
  EXPECT_EQ(AllocationMb(256 << 20), 384);
  EXPECT_EQ(AllocationMb(64 << 20), 128);
  EXPECT_EQ(AllocationMb(uint64_t{16} << 30), std::nullopt);
  EXPECT_THAT(ForkBombOptions(160),
              ::testing::ElementsAre("--only", "limits", "--fork-bomb", "160"));
}

TEST_F(LimitJudgesTest, ForkBombStoppedBelowTheLimitPasses) {
  CheckResult result = Pids(Reported("fork_bomb", ForkBomb(125, "fork_error", "EAGAIN")));
  EXPECT_EQ(result.verdict, Verdict::kPass) << result.summary;
  EXPECT_THAT(result.summary, HasSubstr("EAGAIN after 125 of 160 children"));
}

TEST_F(LimitJudgesTest, ForkBombThatForkedEverythingFails) {
  CheckResult result = Pids(Reported("fork_bomb", ForkBomb(160, "count", "")));
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("forked all 160 children"));
}

TEST_F(LimitJudgesTest, ForkBombStoppedAboveTheLimitFails) {
  EXPECT_THAT(Pids(Reported("fork_bomb", ForkBomb(140, "fork_error", "EAGAIN"))).summary,
              HasSubstr("at or above the declared limit of 128"));
}

TEST_F(LimitJudgesTest, ForkBombStoppedByMemoryIsNotThePidsLimit) {
  EXPECT_THAT(Pids(Reported("fork_bomb", ForkBomb(90, "fork_error", "ENOMEM"))).summary,
              HasSubstr("fork failed with ENOMEM"));
}

TEST_F(LimitJudgesTest, UnhealthyHostFails) {
  StressRun run = Reported("fork_bomb", ForkBomb(125, "fork_error", "EAGAIN"));
  run.host_starts_processes = false;
  run.host_detail = "fork: EAGAIN";
  CheckResult result = Pids(run);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("host could not start a process: fork: EAGAIN"));
}

TEST_F(LimitJudgesTest, ForkBombOutOfTimeIsAnError) {
  EXPECT_EQ(Pids(Reported("fork_bomb", ForkBomb(60, "time", ""))).verdict, Verdict::kError);
}

TEST_F(LimitJudgesTest, UndeclaredPidsLimitFailsWithoutStress) {
  deployment_.limits.pids.reset();
  CheckResult result = Pids(std::nullopt);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("declares no pids limit (pids.max inside: "));
}

TEST_F(LimitJudgesTest, SandboxStoppedOnASandboxKernelHoldsTheLimit) {
  OnGvisor();
  CheckResult result = Pids(SandboxStopped());
  EXPECT_EQ(result.verdict, Verdict::kPass) << result.summary;
  EXPECT_THAT(result.summary, HasSubstr("stopped the sandbox as a whole"));
  EXPECT_EQ(Memory(SandboxStopped()).verdict, Verdict::kPass);
}

TEST_F(LimitJudgesTest, SandboxStoppedOnTheHostKernelIsAnError) {
  CheckResult result = Pids(SandboxStopped());
  EXPECT_EQ(result.verdict, Verdict::kError);
  EXPECT_THAT(result.summary, HasSubstr("is not on a sandbox kernel"));
}

TEST_F(LimitJudgesTest, ProbeFailureWhileTheSandboxRunsIsAnError) {
  OnGvisor();
  StressRun run = SandboxStopped();
  run.sandbox_alive_after = true;
  EXPECT_THAT(Memory(run).summary, HasSubstr("and the sandbox still runs"));
}

TEST_F(LimitJudgesTest, AllocationKilledWithinTheLimitPasses) {
  CheckResult result = Memory(Reported("allocation", Allocation("killed", 250, 9)));
  EXPECT_EQ(result.verdict, Verdict::kPass) << result.summary;
  EXPECT_THAT(result.summary, HasSubstr("OOM-killed after 250 MiB"));
}

TEST_F(LimitJudgesTest, CompletedAllocationFails) {
  CheckResult result = Memory(Reported("allocation", Allocation("completed", 384, std::nullopt)));
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("touched all 384 MiB"));
}

TEST_F(LimitJudgesTest, AllocationKilledAboveTheLimitFails) {
  EXPECT_THAT(Memory(Reported("allocation", Allocation("killed", 300, 9))).summary,
              HasSubstr("only after touching 300 MiB"));
}

TEST_F(LimitJudgesTest, RefusedMmapIsNotTheMemoryLimit) {
  nlohmann::json allocation = Allocation("mmap_failed", 0, std::nullopt);
  allocation["mmap_error"] = "ENOMEM";
  CheckResult result = Memory(Reported("allocation", allocation));
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("ended 'mmap_failed' (ENOMEM)"));
}

TEST_F(LimitJudgesTest, AllocationTimedOutIsAnError) {
  EXPECT_EQ(Memory(Reported("allocation", Allocation("timed_out", 100, 9))).verdict,
            Verdict::kError);
}

TEST_F(LimitJudgesTest, UndeclaredMemoryLimitFails) {
  deployment_.limits.memory_bytes.reset();
  EXPECT_THAT(Memory(std::nullopt).summary, HasSubstr("declares no memory limit"));
}

TEST_F(LimitJudgesTest, CgroupV1QuotaMatchingTheDeclarationPasses) {
  CheckResult result = Cpu();
  EXPECT_EQ(result.verdict, Verdict::kPass) << result.summary;
  EXPECT_THAT(result.summary, HasSubstr("100000/100000 us = 1 cpus"));
}

TEST_F(LimitJudgesTest, CgroupV2QuotaIsParsedToo) {
  deployment_.limits.cpus = 1.5;
  document_["limits"]["cpu_max"] = {{"path", "/sys/fs/cgroup/cpu.max"}, {"value", "150000 100000"}};
  document_["limits"]["cpu_period"] = nullptr;
  EXPECT_EQ(Cpu().verdict, Verdict::kPass);
}

TEST_F(LimitJudgesTest, NoQuotaFails) {
  document_["limits"]["cpu_max"]["value"] = "-1";
  EXPECT_THAT(Cpu().summary, HasSubstr("has no cpu quota"));
  document_["limits"]["cpu_max"] = {{"path", "/sys/fs/cgroup/cpu.max"}, {"value", "max 100000"}};
  EXPECT_THAT(Cpu().summary, HasSubstr("has no cpu quota"));
}

TEST_F(LimitJudgesTest, QuotaOtherThanDeclaredFails) {
  document_["limits"]["cpu_max"]["value"] = "200000";
  CheckResult result = Cpu();
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("allows 2 cpus"));
}

TEST_F(LimitJudgesTest, InvisibleQuotaIsAnErrorOnTheHostKernel) {
  document_["limits"]["cpu_max"] = nullptr;
  EXPECT_EQ(Cpu().verdict, Verdict::kError);
}

TEST_F(LimitJudgesTest, InvisibleQuotaOnASandboxKernelIsALoudSkip) {
  OnGvisor();
  CheckResult result = Cpu();
  EXPECT_EQ(result.verdict, Verdict::kSkip);
  EXPECT_THAT(result.summary, HasSubstr("shows no cgroup files"));
}

TEST_F(LimitJudgesTest, UndeclaredCpuLimitFails) {
  deployment_.limits.cpus.reset();
  EXPECT_THAT(Cpu().summary, HasSubstr("declares no cpu limit"));
}

}  // namespace
}  // namespace sandcheck::isolation::testing
