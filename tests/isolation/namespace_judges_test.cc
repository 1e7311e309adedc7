// ISO-014..016 and ISO-021 judged on canned probe documents.
#include "suites/isolation/namespace_judges.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/isolation/canned.h"

namespace sandcheck::isolation::testing {
namespace {

using ::testing::HasSubstr;

class NamespaceJudgesTest : public ::testing::Test {
 protected:
  CheckResult Run(Judge judge) {
    return Decide(judge, deployment_, document_, RuncCapabilities(), host_);
  }

  Deployment deployment_ = HardenedDeployment();
  nlohmann::json document_ = HardenedDocument();
  HostIdentity host_ = TestHost();
};

TEST_F(NamespaceJudgesTest, HardenedSandboxPassesEveryNamespaceCheck) {
  for (Judge judge : {JudgeOwnPidNamespace, JudgeOwnHostname, JudgeDeclaredKernel}) {
    CheckResult result = Run(judge);
    EXPECT_EQ(result.verdict, Verdict::kPass) << result.summary;
  }
}

TEST(ExpectedInitName, IsTheCommandsBasenameOrTheProbe) {
  Deployment deployment = HardenedDeployment();
  EXPECT_EQ(ExpectedInitName(deployment), "sandcheck-probe");
  deployment.command = {"/usr/local/bin/claude-code-entrypoint", "--idle"};
  EXPECT_EQ(ExpectedInitName(deployment), "claude-code-ent");
}

TEST_F(NamespaceJudgesTest, HostInitAsPidOneFails) {
  document_["processes"]["entries"][0]["comm"] = "systemd";
  CheckResult result = Run(JudgeOwnPidNamespace);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("PID 1 is 'systemd', not the sandbox's init"));
}

TEST_F(NamespaceJudgesTest, KernelThreadsFail) {
  document_["processes"]["entries"].push_back(
      {{"pid", 2}, {"ppid", 0}, {"comm", "kthreadd"}, {"uid", 0}, {"euid", 0}});
  CheckResult result = Run(JudgeOwnPidNamespace);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("kernel threads are visible"));
}

TEST_F(NamespaceJudgesTest, ProcfsOutsideProcFails) {
  document_["mounts"]["entries"].push_back(
      {{"mount_point", "/host/proc"}, {"fs_type", "proc"}, {"source", "proc"}, {"root", "/"}});
  CheckResult result = Run(JudgeOwnPidNamespace);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("a procfs is mounted at /host/proc"));
}

TEST_F(NamespaceJudgesTest, HostsHostnameFails) {
  deployment_.hostname = "buildhost";
  document_["hostname"]["name"] = "buildhost";
  CheckResult result = Run(JudgeOwnHostname);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("'buildhost' is the host's"));
}

TEST_F(NamespaceJudgesTest, HostnameOtherThanDeclaredFails) {
  document_["hostname"]["name"] = "runner-7";
  CheckResult result = Run(JudgeOwnHostname);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("the deployment declares 'sandbox'"));
}

TEST_F(NamespaceJudgesTest, UnknownHostHostnameIsAnError) {
  host_.hostname.clear();
  EXPECT_EQ(Run(JudgeOwnHostname).verdict, Verdict::kError);
}

TEST_F(NamespaceJudgesTest, SandboxKernelThatIsTheHostsFails) {
  deployment_.kernel = KernelMode::kSandbox;
  CheckResult result = Run(JudgeDeclaredKernel);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("uname reports the host's kernel 6.1.0-test"));
  EXPECT_THAT(result.summary, HasSubstr("/proc/version names the host's release"));
}

TEST_F(NamespaceJudgesTest, GvisorKernelKeepsTheSandboxKernelPromise) {
  deployment_.kernel = KernelMode::kSandbox;
  document_["kernel"].update(
      {{"release", "4.4.0"}, {"version", "#1 SMP Sun Jan 10 15:06:54 PST 2016"}});
  document_["kernel"]["sandbox_kernel"]["proc_version"] =
      "Linux version 4.4.0 #1 SMP Sun Jan 10 15:06:54 PST 2016\n";
  CheckResult result = Run(JudgeDeclaredKernel);
  EXPECT_EQ(result.verdict, Verdict::kPass) << result.summary;
  EXPECT_THAT(result.summary, HasSubstr("sandbox kernel (4.4.0"));
}

TEST_F(NamespaceJudgesTest, HostKernelPromiseOnAnotherKernelFails) {
  document_["kernel"].update(
      {{"release", "4.4.0"}, {"version", "#1 SMP Sun Jan 10 15:06:54 PST 2016"}});
  CheckResult result = Run(JudgeDeclaredKernel);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary,
              HasSubstr("declares kernel: host, but the agent's kernel reports 4.4.0"));
}

// ISO-021: the identity inside compared with the host's unsandboxed reference.
TEST_F(NamespaceJudgesTest, SandboxKernelMatchingTheHostsReferenceFailsNamingEachPart) {
  deployment_.kernel = KernelMode::kSandbox;
  CheckResult result = Run(JudgeSandboxKernelDiffers);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("promises a sandbox kernel, but uname inside is the "
                                        "host's: 6.1.0-test"));
  EXPECT_THAT(result.summary, HasSubstr("/proc/version inside is the host's"));
  EXPECT_THAT(result.summary, HasSubstr("boot_id inside is the host's"));
}

TEST_F(NamespaceJudgesTest, GvisorKernelDiffersFromTheHostsReference) {
  deployment_.kernel = KernelMode::kSandbox;
  UseGvisorKernel(document_);
  CheckResult result = Run(JudgeSandboxKernelDiffers);
  EXPECT_EQ(result.verdict, Verdict::kPass) << result.summary;
  EXPECT_THAT(result.summary, HasSubstr("differs from the host's (6.1.0-test"));
}

TEST_F(NamespaceJudgesTest, AUnameCopyingSandboxKernelStillFailsOnBootId) {
  deployment_.kernel = KernelMode::kSandbox;
  UseGvisorKernel(document_);
  document_["kernel"]["sandbox_kernel"]["boot_id"] = host_.boot_id;
  CheckResult result = Run(JudgeSandboxKernelDiffers);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("boot_id inside is the host's"));
}

TEST_F(NamespaceJudgesTest, NoHostReferenceIsAnError) {
  deployment_.kernel = KernelMode::kSandbox;
  host_.boot_id.clear();
  EXPECT_EQ(Run(JudgeSandboxKernelDiffers).verdict, Verdict::kError);
}

}  // namespace
}  // namespace sandcheck::isolation::testing
