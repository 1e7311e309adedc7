#include "clusters/oci/seccomp_profile.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sched.h>

#include <map>

namespace sandcheck {
namespace {

using ::testing::Contains;
using ::testing::IsSupersetOf;

// Unconditional denials of the default profile: syscall -> errno.
std::map<std::string, int> UnconditionalDenials() {
  std::map<std::string, int> denied;
  for (const auto& rule : DefaultSeccompProfile()["syscalls"]) {
    if (rule.contains("args")) continue;
    for (const auto& name : rule["names"]) denied[name] = rule["errnoRet"];
  }
  return denied;
}

TEST(DefaultSeccompProfile, AllowsByDefault) {
  EXPECT_EQ(DefaultSeccompProfile()["defaultAction"], "SCMP_ACT_ALLOW");
}

TEST(DefaultSeccompProfile, DeniesTheDangerousSyscallsWithEperm) {
  auto denied = UnconditionalDenials();
  for (const char* name :
       {"mount",       "umount2",     "unshare",        "setns",         "ptrace",
        "keyctl",      "add_key",     "request_key",    "bpf",           "perf_event_open",
        "kexec_load",  "init_module", "finit_module",   "delete_module", "open_by_handle_at",
        "reboot",      "swapon",      "swapoff",        "pivot_root",    "syslog",
        "personality", "userfaultfd", "io_uring_setup", "fsopen",        "move_mount",
        "open_tree"}) {
    ASSERT_TRUE(denied.count(name)) << name << " is not denied";
    EXPECT_EQ(denied[name], EPERM) << name;
  }
}

TEST(DefaultSeccompProfile, Clone3FailsWithEnosysSoLibcFallsBackToFilteredClone) {
  EXPECT_EQ(UnconditionalDenials()["clone3"], ENOSYS);
}

TEST(DefaultSeccompProfile, CloneWithAnyNamespaceFlagIsDenied) {
  std::vector<uint64_t> masked;
  for (const auto& rule : DefaultSeccompProfile()["syscalls"]) {
    if (rule["names"] != nlohmann::json({"clone"})) continue;
    ASSERT_EQ(rule["args"].size(), 1u);
    const auto& arg = rule["args"][0];
    EXPECT_EQ(arg["op"], "SCMP_CMP_MASKED_EQ");
    EXPECT_EQ(arg["value"], arg["valueTwo"]);
    EXPECT_EQ(rule["errnoRet"], EPERM);
    masked.push_back(arg["value"]);
  }
  EXPECT_THAT(masked,
              IsSupersetOf<uint64_t>({CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC,
                                      CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET}));
}

TEST(DefaultSeccompProfile, EveryRuleIsAnErrnoRuleWithNames) {
  for (const auto& rule : DefaultSeccompProfile()["syscalls"]) {
    EXPECT_EQ(rule["action"], "SCMP_ACT_ERRNO");
    EXPECT_FALSE(rule["names"].empty());
    EXPECT_TRUE(rule["errnoRet"].is_number_integer());
  }
}

TEST(SeccompSection, FollowsTheDeploymentsMode) {
  Deployment deployment;
  deployment.seccomp = SeccompMode::kRuntimeDefault;
  auto section = SeccompSection(deployment);
  ASSERT_TRUE(section.ok());
  EXPECT_EQ(*section, DefaultSeccompProfile());
  deployment.seccomp = SeccompMode::kUnconfined;
  section = SeccompSection(deployment);
  ASSERT_TRUE(section.ok());
  EXPECT_FALSE(section->has_value());
}

TEST(SeccompSection, MissingProfileFileIsAnError) {
  Deployment deployment;
  deployment.seccomp = SeccompMode::kProfile;
  deployment.seccomp_profile = "/nonexistent/sandcheck-profile.json";
  auto section = SeccompSection(deployment);
  ASSERT_FALSE(section.ok());
  EXPECT_THAT(section.message(), ::testing::HasSubstr("/nonexistent/sandcheck-profile.json"));
}

}  // namespace
}  // namespace sandcheck
