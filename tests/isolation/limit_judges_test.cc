// ISO-017..019 judged on canned probe documents.
#include "suites/isolation/limit_judges.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/isolation/canned.h"

namespace sandcheck::isolation::testing {
namespace {

using ::testing::HasSubstr;

const HostHealth kHealthy{true, "exit 0"};

class LimitJudgesTest : public ::testing::Test {
 protected:
  CheckResult Pids(const HostHealth& health = kHealthy) {
    Observation observation{deployment_, document_, RuncCapabilities(), TestHost()};
    return Conclude(ResultBuilder("ISO-017"), JudgePidsLimit(observation, health));
  }
  CheckResult Memory(const HostHealth& health = kHealthy) {
    Observation observation{deployment_, document_, RuncCapabilities(), TestHost()};
    return Conclude(ResultBuilder("ISO-018"), JudgeMemoryLimit(observation, health));
  }
  CheckResult Cpu() { return Decide(JudgeCpuLimit, deployment_, document_); }

  void ForkBomb(int forked, const std::string& stopped_by, const std::string& error) {
    document_["fork_bomb"] = {{"requested", 160}, {"forked", forked}, {"stopped_by", stopped_by},
                              {"errno", error.empty() ? 0 : 11},
                              {"error", error.empty() ? nlohmann::json() : nlohmann::json(error)},
                              {"reaped", forked}, {"elapsed_ms", 40}};
  }
  void Allocation(const std::string& outcome, int touched, std::optional<int> signal) {
    document_["allocation"] = {{"requested_mb", 384},
                               {"outcome", outcome},
                               {"touched_mb", touched},
                               {"signal", signal ? nlohmann::json(*signal) : nlohmann::json()},
                               {"exit_code", nullptr},
                               {"mmap_error", nullptr},
                               {"fork_error", nullptr},
                               {"elapsed_ms", 300}};
  }

  Deployment deployment_ = HardenedDeployment();
  nlohmann::json document_ = HardenedDocument();
};

TEST(StressSizes, GoPastTheDeclaredLimitWithinTheProbesCaps) {
  EXPECT_EQ(ForkBombSize(128), 160);
  EXPECT_EQ(ForkBombSize(16), 32);
  EXPECT_EQ(ForkBombSize(8000), std::nullopt);
  EXPECT_EQ(AllocationMb(256 << 20), 384);
  EXPECT_EQ(AllocationMb(64 << 20), 128);
  EXPECT_EQ(AllocationMb(uint64_t{16} << 30), std::nullopt);
  EXPECT_THAT(ForkBombOptions(160), ::testing::ElementsAre("--only", "limits", "--fork-bomb", "160"));
}

TEST_F(LimitJudgesTest, ForkBombStoppedBelowTheLimitPasses) {
  ForkBomb(125, "fork_error", "EAGAIN");
  CheckResult result = Pids();
  EXPECT_EQ(result.verdict, Verdict::kPass) << result.summary;
  EXPECT_THAT(result.summary, HasSubstr("EAGAIN after 125 of 160 children"));
}

TEST_F(LimitJudgesTest, ForkBombThatForkedEverythingFails) {
  ForkBomb(160, "count", "");
  CheckResult result = Pids();
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("forked all 160 children"));
}

TEST_F(LimitJudgesTest, ForkBombStoppedAboveTheLimitFails) {
  ForkBomb(140, "fork_error", "EAGAIN");
  EXPECT_THAT(Pids().summary, HasSubstr("at or above the declared limit of 128"));
}

TEST_F(LimitJudgesTest, ForkBombStoppedByMemoryIsNotThePidsLimit) {
  ForkBomb(90, "fork_error", "ENOMEM");
  EXPECT_THAT(Pids().summary, HasSubstr("fork failed with ENOMEM"));
}

TEST_F(LimitJudgesTest, UnhealthyHostFails) {
  ForkBomb(125, "fork_error", "EAGAIN");
  CheckResult result = Pids({false, "fork: EAGAIN"});
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("host could not start a process"));
}

TEST_F(LimitJudgesTest, ForkBombOutOfTimeIsAnError) {
  ForkBomb(60, "time", "");
  EXPECT_EQ(Pids().verdict, Verdict::kError);
}

TEST_F(LimitJudgesTest, UndeclaredPidsLimitFailsWithoutStress) {
  deployment_.limits.pids.reset();
  CheckResult result = Pids();
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("declares no pids limit (pids.max inside: "));
}

TEST_F(LimitJudgesTest, AllocationKilledWithinTheLimitPasses) {
  Allocation("killed", 250, 9);
  CheckResult result = Memory();
  EXPECT_EQ(result.verdict, Verdict::kPass) << result.summary;
  EXPECT_THAT(result.summary, HasSubstr("OOM-killed after 250 MiB"));
}

TEST_F(LimitJudgesTest, CompletedAllocationFails) {
  Allocation("completed", 384, std::nullopt);
  CheckResult result = Memory();
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("touched all 384 MiB"));
}

TEST_F(LimitJudgesTest, AllocationKilledAboveTheLimitFails) {
  Allocation("killed", 300, 9);
  EXPECT_THAT(Memory().summary, HasSubstr("only after touching 300 MiB"));
}

TEST_F(LimitJudgesTest, RefusedMmapIsNotTheMemoryLimit) {
  Allocation("mmap_failed", 0, std::nullopt);
  document_["allocation"]["mmap_error"] = "ENOMEM";
  CheckResult result = Memory();
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("ended 'mmap_failed' (ENOMEM)"));
}

TEST_F(LimitJudgesTest, AllocationTimedOutIsAnError) {
  Allocation("timed_out", 100, 9);
  EXPECT_EQ(Memory().verdict, Verdict::kError);
}

TEST_F(LimitJudgesTest, UndeclaredMemoryLimitFails) {
  deployment_.limits.memory_bytes.reset();
  EXPECT_THAT(Memory().summary, HasSubstr("declares no memory limit"));
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

TEST_F(LimitJudgesTest, InvisibleQuotaIsAnError) {
  document_["limits"]["cpu_max"] = nullptr;
  EXPECT_EQ(Cpu().verdict, Verdict::kError);
}

TEST_F(LimitJudgesTest, UndeclaredCpuLimitFails) {
  deployment_.limits.cpus.reset();
  EXPECT_THAT(Cpu().summary, HasSubstr("declares no cpu limit"));
}

}  // namespace
}  // namespace sandcheck::isolation::testing
