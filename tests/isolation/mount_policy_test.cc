// ISO-010: the mount policy and the credential stores, on canned probe documents.
#include "suites/isolation/mount_policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/isolation/canned.h"

namespace sandcheck::isolation::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

nlohmann::json BareMount(const std::string& mount_point, const std::string& fs_type,
                         const std::string& source = "/dev/vda1", const std::string& root = "/") {
  return {{"mount_point", mount_point}, {"fs_type", fs_type}, {"source", source}, {"root", root}};
}

class MountPolicyTest : public ::testing::Test {
 protected:
  CheckResult Run() { return Decide(JudgeDeclaredMounts, deployment_, document_); }

  // A bind of `source` at `target`, with its stat entries as a fresh probe run would have them.
  void AddBind(const std::string& source, const std::string& target) {
    deployment_.binds.push_back({source, target, true});
    document_["mounts"]["entries"].push_back(BareMount(target, "ext4", "/dev/vda1", source));
    for (const std::string& path : CredentialPaths(deployment_)) ExistsEntry(document_, path);
    ExistsEntry(document_, target)["exists"] = true;
  }

  Deployment deployment_ = HardenedDeployment();
  nlohmann::json document_ = HardenedDocument();
};

TEST_F(MountPolicyTest, RuntimeStandardSetAndDeclaredMountsPass) {
  CheckResult result = Run();
  EXPECT_EQ(result.verdict, Verdict::kPass) << result.summary;
  for (const auto& mount : result.evidence["mounts"]) {
    EXPECT_FALSE(mount["allowed_as"].get<std::string>().empty()) << mount.dump();
  }
}

TEST_F(MountPolicyTest, ClassifiesEachKind) {
  deployment_.binds.push_back({"/srv/project", "/workspace/src", false});
  EXPECT_EQ(ClassifyMount(deployment_, "/", "overlay"), "root filesystem");
  EXPECT_EQ(ClassifyMount(deployment_, "/tmp", "tmpfs"), "declared tmpfs /tmp");
  EXPECT_EQ(ClassifyMount(deployment_, "/workspace", "ext4"), "declared volume workspace");
  EXPECT_EQ(ClassifyMount(deployment_, "/workspace/src/sub", "ext4"),
            "declared bind /srv/project -> /workspace/src");
  EXPECT_EQ(ClassifyMount(deployment_, "/proc/kcore", "tmpfs"), "runtime standard /proc/*");
  EXPECT_EQ(ClassifyMount(deployment_, "/etc/resolv.conf", "ext4"),
            "runtime standard /etc/resolv.conf");
  // A procfs or sysfs where the runtime never puts one is not standard.
  EXPECT_EQ(ClassifyMount(deployment_, "/host/proc", "proc"), "");
  EXPECT_EQ(ClassifyMount(deployment_, "/dev", "ext4"), "");
  EXPECT_EQ(ClassifyMount(deployment_, "/workspacex", "ext4"), "");
}

TEST_F(MountPolicyTest, AMountTheHarnessAddedIsAllowedAtItsExactTargetOnly) {
  std::vector<HarnessMount> harness = {{"/etc/ssl/certs/ca.pem", "the egress proxy's CA"}};
  EXPECT_EQ(ClassifyMount(deployment_, "/etc/ssl/certs/ca.pem", "ext4", harness),
            "added by the harness for the egress proxy's CA");
  // Negative controls: the same file without the harness's word, and a path below it.
  EXPECT_EQ(ClassifyMount(deployment_, "/etc/ssl/certs/ca.pem", "ext4"), "");
  EXPECT_EQ(ClassifyMount(deployment_, "/etc/ssl/certs/ca.pem/x", "ext4", harness), "");
}

TEST_F(MountPolicyTest, UndeclaredMountFails) {
  document_["mounts"]["entries"].push_back(
      BareMount("/mnt/host", "ext4", "/dev/vda1", "/home/builder"));
  CheckResult result = Run();
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary,
              HasSubstr("undeclared mount /mnt/host (ext4 /dev/vda1, root /home/builder)"));
}

TEST_F(MountPolicyTest, CredentialStoreUnderADeclaredBindFails) {
  AddBind("/srv/fake-home", "/home/agent");
  ExistsEntry(document_, "/home/agent/.ssh")["exists"] = true;
  ExistsEntry(document_, "/home/agent/.gitconfig")["exists"] = true;
  CheckResult result = Run();
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("/home/agent/.ssh is visible in the sandbox"));
  EXPECT_THAT(result.summary, HasSubstr("/home/agent/.gitconfig is visible"));
  EXPECT_THAT(result.summary, ::testing::Not(HasSubstr("undeclared")));
}

TEST_F(MountPolicyTest, CredentialStoreBoundDirectlyFails) {
  AddBind("/srv/keys", "/home/agent/.ssh");
  CheckResult result = Run();
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("/home/agent/.ssh is visible"));
}

TEST_F(MountPolicyTest, BindOfTheHostsHomeOrAnAncestorFails) {
  AddBind("/home", "/hosthomes");
  CheckResult result = Run();
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("mounts the host's home /home/builder"));
}

TEST_F(MountPolicyTest, ProjectBindWithoutCredentialStoresPasses) {
  AddBind("/home/builder/project", "/workspace/project");
  CheckResult result = Run();
  EXPECT_EQ(result.verdict, Verdict::kPass) << result.summary;
  EXPECT_THAT(result.evidence["problems"], IsEmpty());
}

TEST_F(MountPolicyTest, MissingStatIsAnError) {
  document_["files"]["exists"] = nlohmann::json::array();
  EXPECT_EQ(Run().verdict, Verdict::kError);
}

TEST(CredentialPaths, CoverEveryBindAndVolumeTarget) {
  Deployment deployment = HardenedDeployment();
  deployment.binds.push_back({"/src", "/workspace/src", false});
  auto paths = CredentialPaths(deployment);
  EXPECT_THAT(paths, ::testing::Contains("/workspace/src/.ssh"));
  EXPECT_THAT(paths, ::testing::Contains("/home/agent/.claude/.aws"));
  EXPECT_THAT(paths, ::testing::Contains("/workspace/.docker/config.json"));
  EXPECT_THAT(paths, ::testing::Contains("/workspace/src"));
}

}  // namespace
}  // namespace sandcheck::isolation::testing
