// ISO-007..009 and ISO-011..013 judged on canned probe documents.
#include "suites/isolation/filesystem_judges.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/isolation/canned.h"

namespace sandcheck::isolation::testing {
namespace {

using ::testing::HasSubstr;

class FilesystemJudgesTest : public ::testing::Test {
 protected:
  CheckResult Run(Judge judge) { return Decide(judge, deployment_, document_); }

  Deployment deployment_ = HardenedDeployment();
  nlohmann::json document_ = HardenedDocument();
};

TEST_F(FilesystemJudgesTest, HardenedSandboxPassesEveryFilesystemCheck) {
  for (Judge judge : {JudgeReadOnlyRoot, JudgeTmpBounded, JudgeTmpNoexec,
                      JudgeKernelInterfacesReadOnly, JudgeNoRawDevices, JudgeNoEngineSocket}) {
    CheckResult result = Run(judge);
    EXPECT_EQ(result.verdict, Verdict::kPass) << result.summary;
  }
}

TEST_F(FilesystemJudgesTest, EaccesOnAReadWriteRootIsNotReadOnly) {
  MountEntry(document_, "/")["options"] = {"rw", "relatime"};
  WritableEntry(document_, "root")["error"] = "EACCES";
  CheckResult result = Run(JudgeReadOnlyRoot);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary,
              HasSubstr("in / failed with EACCES, not EROFS, and / is mounted read-write"));
}

TEST_F(FilesystemJudgesTest, EaccesOnARootMountedReadOnlyPasses) {
  // gVisor checks permissions before the read-only flag.
  for (const char* role : {"root", "etc", "usr"})
    WritableEntry(document_, role)["error"] = "EACCES";
  CheckResult result = Run(JudgeReadOnlyRoot);
  EXPECT_EQ(result.verdict, Verdict::kPass) << result.summary;
  EXPECT_THAT(result.summary, HasSubstr("/etc (EACCES, on / mounted ro)"));
}

TEST_F(FilesystemJudgesTest, WritableEtcFails) {
  WritableEntry(document_, "etc").update({{"writable", true}, {"error", nullptr}});
  CheckResult result = Run(JudgeReadOnlyRoot);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("created a file in /etc"));
}

TEST_F(FilesystemJudgesTest, UndeclaredReadOnlyRootFailsEvenIfTheFilesystemRefuses) {
  deployment_.read_only_root = false;
  CheckResult result = Run(JudgeReadOnlyRoot);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("does not declare read_only_root"));
}

TEST_F(FilesystemJudgesTest, DirectoryMissingFromTheImageIsSkipped) {
  WritableEntry(document_, "usr").update({{"method", "stat"}, {"error", "ENOENT"}});
  CheckResult result = Run(JudgeReadOnlyRoot);
  EXPECT_EQ(result.verdict, Verdict::kPass);
  EXPECT_THAT(result.summary, ::testing::Not(HasSubstr("/usr")));
}

TEST_F(FilesystemJudgesTest, TmpWithoutDeclaredSizeFails) {
  deployment_.tmpfs[0].size_bytes = 0;
  document_["tmp"]["size_bytes"] = uint64_t{12} << 30;
  CheckResult result = Run(JudgeTmpBounded);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("declares no size"));
}

TEST_F(FilesystemJudgesTest, TmpSizeOtherThanDeclaredFails) {
  document_["tmp"]["size_bytes"] = 128 << 20;
  CheckResult result = Run(JudgeTmpBounded);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary,
              HasSubstr("reports 134217728 bytes, the deployment declares 67108864"));
}

TEST_F(FilesystemJudgesTest, TmpSizeWithinTolerancePasses) {
  document_["tmp"]["size_bytes"] = (64 << 20) + 4096;
  EXPECT_EQ(Run(JudgeTmpBounded).verdict, Verdict::kPass);
}

TEST_F(FilesystemJudgesTest, TmpOnTheRootFilesystemFails) {
  deployment_.tmpfs.clear();
  document_["tmp"]["mount"].update({{"mount_point", "/"}, {"fs_type", "overlay"}});
  WritableEntry(document_, "tmp").update({{"writable", false}, {"error", "EROFS"}});
  CheckResult result = Run(JudgeTmpBounded);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("declares no tmpfs at /tmp"));
  EXPECT_THAT(result.summary, HasSubstr("cannot create a file in /tmp (EROFS)"));
  EXPECT_THAT(result.summary, HasSubstr("lies on / (overlay)"));
}

TEST_F(FilesystemJudgesTest, ProgramRunningFromTmpFails) {
  document_["tmp"]["exec"].update(
      {{"ok", true}, {"errno", 0}, {"error", nullptr}, {"exit_code", 0}});
  CheckResult result = Run(JudgeTmpNoexec);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("ran (exit 0)"));
}

TEST_F(FilesystemJudgesTest, ExecFailingForAnotherReasonIsNotNoexec) {
  document_["tmp"]["exec"]["error"] = "EPERM";
  CheckResult result = Run(JudgeTmpNoexec);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("failed with EPERM, not EACCES"));
}

TEST_F(FilesystemJudgesTest, NoexecUndeclaredFails) {
  deployment_.tmpfs[0].noexec = false;
  CheckResult result = Run(JudgeTmpNoexec);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("does not declare noexec"));
}

TEST_F(FilesystemJudgesTest, ExecAttemptThatCouldNotBeSetUpIsAnError) {
  document_["tmp"]["exec"] = {
      {"attempted", false}, {"setup_step", "create"}, {"setup_error", "ENOSPC"}};
  CheckResult result = Run(JudgeTmpNoexec);
  EXPECT_EQ(result.verdict, Verdict::kError);
  EXPECT_THAT(result.summary, HasSubstr("create: ENOSPC"));
}

TEST_F(FilesystemJudgesTest, WritableReleaseAgentFails) {
  WritableEntry(document_, "cgroup_release_agent").update({{"writable", true}, {"error", nullptr}});
  CheckResult result = Run(JudgeKernelInterfacesReadOnly);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("opened /sys/fs/cgroup/cpu/release_agent for writing"));
}

TEST_F(FilesystemJudgesTest, OpenedTunDeviceFails) {
  auto& tun = document_["devices"]["entries"].back();
  tun.update({{"exists", true},
              {"type", "char"},
              {"major", 10},
              {"minor", 200},
              {"open", {{"ok", true}, {"errno", 0}, {"error", nullptr}}}});
  CheckResult result = Run(JudgeNoRawDevices);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("opened /dev/net/tun (char 10:200)"));
}

TEST_F(FilesystemJudgesTest, DevicesASandboxKernelImplementsPassThere) {
  auto& tun = document_["devices"]["entries"].back();
  tun.update({{"exists", true},
              {"type", "char"},
              {"major", 10},
              {"minor", 200},
              {"open", {{"ok", true}, {"errno", 0}, {"error", nullptr}}}});
  UseGvisorKernel(document_);
  CheckResult result =
      Decide(JudgeNoRawDevices, deployment_, document_, RunscCapabilities(), TestHost());
  EXPECT_EQ(result.verdict, Verdict::kPass) << result.summary;
  EXPECT_THAT(result.summary,
              HasSubstr("implemented by the sandbox kernel itself: /dev/net/tun (char 10:200)"));
  // /dev/mem is no device gVisor implements: it fails there too.
  document_["devices"]["entries"][0] = tun;
  document_["devices"]["entries"][0]["path"] = "/dev/mem";
  EXPECT_EQ(
      Decide(JudgeNoRawDevices, deployment_, document_, RunscCapabilities(), TestHost()).verdict,
      Verdict::kFail);
}

TEST_F(FilesystemJudgesTest, PresentButRefusedDevicePasses) {
  document_["devices"]["entries"][2].update(
      {{"exists", true},
       {"type", "char"},
       {"major", 1},
       {"minor", 11},
       {"open", {{"ok", false}, {"errno", 1}, {"error", "EPERM"}}}});
  CheckResult result = Run(JudgeNoRawDevices);
  EXPECT_EQ(result.verdict, Verdict::kPass);
  EXPECT_THAT(result.summary, HasSubstr("refused: /dev/kmsg (char 1:11): EPERM"));
}

TEST_F(FilesystemJudgesTest, ListeningEngineSocketFails) {
  document_["connect"]["results"][2].update({{"ok", true}, {"errno", 0}, {"error", nullptr}});
  CheckResult result = Run(JudgeNoEngineSocket);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("/run/containerd/containerd.sock succeeded"));
}

TEST_F(FilesystemJudgesTest, FullBacklogStillMeansReachable) {
  document_["connect"]["results"][0]["error"] = "EAGAIN";
  EXPECT_EQ(Run(JudgeNoEngineSocket).verdict, Verdict::kFail);
}

TEST_F(FilesystemJudgesTest, RefusedConnectPasses) {
  document_["connect"]["results"][0]["error"] = "ECONNREFUSED";
  CheckResult result = Run(JudgeNoEngineSocket);
  EXPECT_EQ(result.verdict, Verdict::kPass);
  EXPECT_THAT(result.summary, HasSubstr("/var/run/docker.sock (ECONNREFUSED)"));
}

TEST_F(FilesystemJudgesTest, MissingConnectAttemptIsAnError) {
  document_["connect"]["results"].erase(0);
  EXPECT_EQ(Run(JudgeNoEngineSocket).verdict, Verdict::kError);
}

}  // namespace
}  // namespace sandcheck::isolation::testing
