// ISO-001..006 judged on canned probe documents.
#include "suites/isolation/privilege_judges.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/isolation/canned.h"

namespace sandcheck::isolation::testing {
namespace {

using ::testing::HasSubstr;

class PrivilegeJudgesTest : public ::testing::Test {
 protected:
  CheckResult Run(Judge judge) { return Decide(judge, deployment_, document_, capabilities_); }

  Deployment deployment_ = HardenedDeployment();
  nlohmann::json document_ = HardenedDocument();
  RuntimeCapabilities capabilities_ = RuncCapabilities();
};

TEST_F(PrivilegeJudgesTest, HardenedSandboxPassesEveryPrivilegeCheck) {
  for (Judge judge : {JudgeNonRootIdentity, JudgeCapabilities, JudgeNoNewPrivileges,
                      JudgeSyscallFilter, JudgeDangerousSyscalls, JudgeNoEscalation}) {
    CheckResult result = Run(judge);
    EXPECT_EQ(result.verdict, Verdict::kPass) << result.summary;
  }
}

TEST_F(PrivilegeJudgesTest, RootUidFails) {
  deployment_.user = {0, 0, {}};
  document_["identity"].update({{"uid", 0}, {"euid", 0}, {"gid", 0}, {"egid", 0}});
  CheckResult result = Run(JudgeNonRootIdentity);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("uid 0 (root)"));
}

TEST_F(PrivilegeJudgesTest, SupplementaryGroupZeroFails) {
  document_["identity"]["groups"] = {1000, 0};
  CheckResult result = Run(JudgeNonRootIdentity);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("supplementary group 0"));
}

TEST_F(PrivilegeJudgesTest, AnyRootProcessInTheSandboxFails) {
  document_["processes"]["entries"][0]["uid"] = 0;
  CheckResult result = Run(JudgeNonRootIdentity);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("1 (sandcheck-probe)"));
}

TEST_F(PrivilegeJudgesTest, IdentityOtherThanDeclaredFails) {
  deployment_.user = {2000, 2000, {}};
  CheckResult result = Run(JudgeNonRootIdentity);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("declares 2000:2000"));
}

TEST_F(PrivilegeJudgesTest, FailedSectionIsAnErrorNotAVerdict) {
  document_["identity"] = {{"error", "read /etc/passwd: EACCES"}};
  CheckResult result = Run(JudgeNonRootIdentity);
  EXPECT_EQ(result.verdict, Verdict::kError);
  EXPECT_THAT(result.summary, HasSubstr("EACCES"));
}

TEST_F(PrivilegeJudgesTest, DeclaredEscapeGradeCapabilityStillFails) {
  deployment_.capabilities_add = {"CAP_SYS_ADMIN"};
  document_["capabilities"]["bounding"] = {"CAP_SYS_ADMIN"};
  CheckResult result = Run(JudgeCapabilities);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("bounding set holds escape-grade CAP_SYS_ADMIN"));
  EXPECT_THAT(result.summary, ::testing::Not(HasSubstr("not declare")));
}

TEST_F(PrivilegeJudgesTest, UndeclaredCapabilityFails) {
  document_["capabilities"]["effective"] = {"CAP_NET_RAW"};
  CheckResult result = Run(JudgeCapabilities);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("effective set holds CAP_NET_RAW, which the deployment"));
}

TEST_F(PrivilegeJudgesTest, DefaultCapabilitiesWithinTheirDeclarationPass) {
  deployment_.capabilities_drop.clear();
  document_["capabilities"]["bounding"] = DefaultCapabilities();
  EXPECT_EQ(Run(JudgeCapabilities).verdict, Verdict::kPass);
}

TEST_F(PrivilegeJudgesTest, UnreportedCapabilitySetIsAnError) {
  document_["capabilities"]["bounding"] = nullptr;
  EXPECT_EQ(Run(JudgeCapabilities).verdict, Verdict::kError);
}

TEST_F(PrivilegeJudgesTest, UnreportedAmbientSetIsEmptyWhenPermittedIs) {
  // gVisor has no CapAmb line; ambient is a subset of permitted, which is empty.
  document_["capabilities"]["ambient"] = nullptr;
  CheckResult result = Run(JudgeCapabilities);
  EXPECT_EQ(result.verdict, Verdict::kPass);
  EXPECT_EQ(result.evidence["ambient_inferred_empty"], true);
  document_["capabilities"]["permitted"] = {"CAP_CHOWN"};
  document_["capabilities"]["inheritable"] = {"CAP_CHOWN"};
  EXPECT_EQ(Run(JudgeCapabilities).verdict, Verdict::kError);
}

TEST_F(PrivilegeJudgesTest, NoNewPrivsUnsetFails) {
  document_["security"]["no_new_privs"] = 0;
  CheckResult result = Run(JudgeNoNewPrivileges);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("NoNewPrivs is 0"));
}

TEST_F(PrivilegeJudgesTest, NoNewPrivsUndeclaredFailsEvenWhenTheRuntimeSetsIt) {
  deployment_.no_new_privileges = false;
  CheckResult result = Run(JudgeNoNewPrivileges);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("does not declare no_new_privileges"));
}

TEST_F(PrivilegeJudgesTest, NoNewPrivsFallsBackToPrctl) {
  document_["security"]["no_new_privs"] = nullptr;
  EXPECT_EQ(Run(JudgeNoNewPrivileges).verdict, Verdict::kPass);
  document_["security"]["no_new_privs_prctl"] = nullptr;
  EXPECT_EQ(Run(JudgeNoNewPrivileges).verdict, Verdict::kError);
}

TEST_F(PrivilegeJudgesTest, NoSeccompOnTheHostKernelFails) {
  document_["security"]["seccomp_mode"] = 0;
  CheckResult result = Run(JudgeSyscallFilter);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("Seccomp: 0"));
}

TEST_F(PrivilegeJudgesTest, UnfilteredInitFailsEvenWhenTheProbeIsFiltered) {
  document_["files"]["read"][0]["content"] = "Name:\tsandcheck-probe\nSeccomp:\t0\n";
  CheckResult result = Run(JudgeSyscallFilter);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("0 for the agent's init"));
}

TEST_F(PrivilegeJudgesTest, SandboxKernelCountsAsTheFilterAndSaysSo) {
  // runsc applies the bundle's filter to PID 1 only; processes exec'd in run unfiltered.
  document_["security"]["seccomp_mode"] = 0;
  capabilities_ = RunscCapabilities();
  UseGvisorKernel(document_);
  CheckResult result = Run(JudgeSyscallFilter);
  EXPECT_EQ(result.verdict, Verdict::kPass);
  EXPECT_THAT(result.summary,
              HasSubstr("Seccomp: 0 for processes exec'd into the sandbox, 2 for "
                        "the agent's init, but the agent runs on a sandbox kernel"));
  EXPECT_EQ(result.evidence["sandbox_kernel"]["shown"], true);
}

TEST_F(PrivilegeJudgesTest, ClaimedSandboxKernelWithTheHostsUnameIsNotShown) {
  document_["security"]["seccomp_mode"] = 0;
  capabilities_ = RunscCapabilities();
  CheckResult result = Run(JudgeSyscallFilter);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.evidence["sandbox_kernel"]["reason"].get<std::string>(),
              HasSubstr("not shown to differ"));
}

TEST_F(PrivilegeJudgesTest, SucceedingUnshareFails) {
  document_["syscalls"]["unshare_user"] = {{"ok", true}, {"errno", 0}, {"error", nullptr}};
  CheckResult result = Run(JudgeDangerousSyscalls);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("unshare_user succeeded"));
}

TEST_F(PrivilegeJudgesTest, SyscallsSucceedingInsideASandboxKernelPassAndAreListed) {
  document_["syscalls"]["unshare_user"] = {{"ok", true}, {"errno", 0}, {"error", nullptr}};
  document_["syscalls"]["ptrace_attach"] = {{"ok", true}, {"errno", 0}, {"error", nullptr}};
  capabilities_ = RunscCapabilities();
  UseGvisorKernel(document_);
  CheckResult result = Run(JudgeDangerousSyscalls);
  EXPECT_EQ(result.verdict, Verdict::kPass) << result.summary;
  EXPECT_THAT(result.summary,
              HasSubstr("unshare_user, ptrace_attach succeeded only inside the sandbox kernel"));
  EXPECT_THAT(result.evidence["inside_sandbox_kernel"], ::testing::SizeIs(2));
}

TEST_F(PrivilegeJudgesTest, SeccompKillCountsAsDenied) {
  document_["syscalls"]["bpf_map_create"] = {
      {"ok", false}, {"errno", nullptr}, {"error", nullptr}, {"signal", 31}, {"timed_out", false}};
  CheckResult result = Run(JudgeDangerousSyscalls);
  EXPECT_EQ(result.verdict, Verdict::kPass);
  EXPECT_THAT(result.summary, HasSubstr("bpf_map_create (killed by signal 31)"));
}

TEST_F(PrivilegeJudgesTest, AttemptThatTimedOutIsAnError) {
  document_["syscalls"]["ptrace_attach"] = {
      {"ok", false}, {"errno", nullptr}, {"error", nullptr}, {"signal", 9}, {"timed_out", true}};
  EXPECT_EQ(Run(JudgeDangerousSyscalls).verdict, Verdict::kError);
}

TEST_F(PrivilegeJudgesTest, UsableSuFails) {
  document_["sudo"]["attempts"]["su"]["usable"] = true;
  CheckResult result = Run(JudgeNoEscalation);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("`/bin/su -c true root` succeeded"));
}

TEST_F(PrivilegeJudgesTest, NoEscalationToolsPass) {
  document_["sudo"]["attempts"] = {{"sudo", nullptr}, {"su", nullptr}};
  CheckResult result = Run(JudgeNoEscalation);
  EXPECT_EQ(result.verdict, Verdict::kPass);
  EXPECT_THAT(result.summary, HasSubstr("neither sudo nor su"));
}

}  // namespace
}  // namespace sandcheck::isolation::testing
