#include "clusters/oci/rootfs_cache.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <thread>

#include "clusters/substrate.h"
#include "core/fs_util.h"
#include "core/temp_dir.h"
#include "tests/oci/test_deployments.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

RootfsInputs FakeInputs() {
  RootfsInputs inputs;
  inputs.recipe = "busybox";
  auto busybox = ReadFile("/bin/busybox");
  EXPECT_TRUE(busybox.ok()) << busybox.message();
  inputs.busybox = busybox.ok() ? *busybox : "";
  inputs.busybox_applets = {"bin/sh", "usr/bin/id"};
  inputs.probe = "#!/bin/sh\necho fake probe\n";
  return inputs;
}

struct stat StatOf(const std::filesystem::path& path) {
  struct stat info {};
  EXPECT_EQ(::lstat(path.c_str(), &info), 0) << path;
  return info;
}

TEST(RootfsKey, ChangesWithEveryInput) {
  RootfsInputs base = FakeInputs();
  std::string key = RootfsKey(base);
  EXPECT_EQ(key.size(), 64u);
  EXPECT_EQ(RootfsKey(base), key);

  RootfsInputs other_probe = base;
  other_probe.probe += "x";
  RootfsInputs with_settings = base;
  with_settings.managed_settings = "{}";
  RootfsInputs with_hook = base;
  with_hook.hooks = {{"pre.sh", "#!/bin/sh\n"}};
  RootfsInputs renamed_hook = base;
  renamed_hook.hooks = {{"post.sh", "#!/bin/sh\n"}};
  RootfsInputs other_busybox = base;
  other_busybox.busybox += '\0';
  RootfsInputs more_applets = base;
  more_applets.busybox_applets.push_back("bin/ls");
  for (const auto* changed :
       {&other_probe, &with_settings, &with_hook, &renamed_hook, &other_busybox, &more_applets}) {
    EXPECT_NE(RootfsKey(*changed), key);
  }
  EXPECT_NE(RootfsKey(with_hook), RootfsKey(renamed_hook));
}

TEST(EnsureRootfs, BuildsTheBusyboxTree) {
  ASSERT_OK_AND_ASSIGN(TempDir cache, TempDir::Create("sandcheck-rootfs-"));
  RootfsInputs inputs = FakeInputs();
  inputs.managed_settings = R"({"permissions": {}})";
  inputs.hooks = {{"audit.sh", "#!/bin/sh\nexit 0\n"}};
  ASSERT_OK_AND_ASSIGN(auto root, EnsureRootfs(cache.path(), inputs, RunId::Generate()));
  EXPECT_EQ(root, cache.path() / RootfsKey(inputs));

  EXPECT_EQ(StatOf(root / "bin/busybox").st_mode & 07777, 0755u);
  EXPECT_EQ(std::filesystem::read_symlink(root / "bin/sh"), "/bin/busybox");
  EXPECT_TRUE(std::filesystem::is_symlink(root / "usr/bin/id"));
  auto probe = root / std::filesystem::path(kProbePathInSandbox).relative_path();
  ASSERT_OK_AND_ASSIGN(std::string probe_bytes, ReadFile(probe));
  EXPECT_EQ(probe_bytes, inputs.probe);
  EXPECT_EQ(StatOf(probe).st_mode & 07777, 0755u);

  ASSERT_OK_AND_ASSIGN(std::string passwd, ReadFile(root / "etc/passwd"));
  EXPECT_THAT(passwd, HasSubstr("agent:x:1000:1000:agent:/home/agent:/bin/sh"));
  ASSERT_OK_AND_ASSIGN(std::string group, ReadFile(root / "etc/group"));
  EXPECT_THAT(group, HasSubstr("agent:x:1000:"));

  EXPECT_EQ(StatOf(root / "home/agent").st_uid, 1000u);
  EXPECT_EQ(StatOf(root / "home/agent").st_gid, 1000u);
  EXPECT_EQ(StatOf(root / "tmp").st_mode & 07777, 01777u);
  for (const char* dir : {"workspace", "proc", "sys", "dev", "etc/claude-code"}) {
    EXPECT_TRUE(std::filesystem::is_directory(root / dir)) << dir;
  }

  auto settings = StatOf(root / "etc/claude-code/managed-settings.json");
  EXPECT_EQ(settings.st_mode & 07777, 0444u);
  EXPECT_EQ(settings.st_uid, 0u);
  auto hook = StatOf(root / "etc/claude-code/hooks/audit.sh");
  EXPECT_EQ(hook.st_mode & 07777, 0555u);
  EXPECT_EQ(hook.st_uid, 0u);
}

TEST(EnsureRootfs, ReusesTheCachedTree) {
  ASSERT_OK_AND_ASSIGN(TempDir cache, TempDir::Create("sandcheck-rootfs-"));
  RootfsInputs inputs = FakeInputs();
  ASSERT_OK_AND_ASSIGN(auto first, EnsureRootfs(cache.path(), inputs, RunId::Generate()));
  auto marker = first / "etc/marker";
  ASSERT_OK(WriteFile(marker, "kept", 0644));
  ASSERT_OK_AND_ASSIGN(auto second, EnsureRootfs(cache.path(), inputs, RunId::Generate()));
  EXPECT_EQ(second, first);
  EXPECT_TRUE(std::filesystem::exists(marker)) << "the cached tree was rebuilt";
}

TEST(EnsureRootfs, ConcurrentBuildersAgreeAndLeaveNoBuildDirectories) {
  ASSERT_OK_AND_ASSIGN(TempDir cache, TempDir::Create("sandcheck-rootfs-"));
  RootfsInputs inputs = FakeInputs();
  constexpr int kBuilders = 4;
  std::vector<Result<std::filesystem::path>> results(kBuilders, Error{"not run"});
  std::vector<std::thread> builders;
  for (int i = 0; i < kBuilders; ++i) {
    builders.emplace_back(
        [&, i] { results[i] = EnsureRootfs(cache.path(), inputs, RunId::Generate()); });
  }
  for (auto& builder : builders) builder.join();
  for (const auto& result : results) {
    ASSERT_TRUE(result.ok()) << result.message();
    EXPECT_EQ(*result, cache.path() / RootfsKey(inputs));
  }
  for (const auto& entry : std::filesystem::directory_iterator(cache.path())) {
    EXPECT_THAT(entry.path().filename().string(), ::testing::Not(StartsWith(".build-")));
  }
  EXPECT_TRUE(std::filesystem::exists(cache.path() / RootfsKey(inputs) / "bin/busybox"));
}

TEST(RootfsCache, RemembersUnchangedInputsAndNoticesChangedOnes) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-rootfs-"));
  auto probe = dir.path() / "probe";
  ASSERT_OK(WriteFile(probe, "probe v1", 0755));
  RootfsCache cache(dir.path() / "cache");
  Deployment deployment = HardenedDeployment();
  RootfsSources sources{"/bin/busybox", probe};
  ASSERT_OK_AND_ASSIGN(
      auto first, cache.Ensure(deployment, sources, RunId::Generate(), std::chrono::seconds(30)));
  ASSERT_OK_AND_ASSIGN(
      auto again, cache.Ensure(deployment, sources, RunId::Generate(), std::chrono::seconds(30)));
  EXPECT_EQ(again, first);
  ASSERT_OK(WriteFile(probe, "probe v2, longer", 0755));
  ASSERT_OK_AND_ASSIGN(
      auto changed, cache.Ensure(deployment, sources, RunId::Generate(), std::chrono::seconds(30)));
  EXPECT_NE(changed, first);
  ASSERT_OK_AND_ASSIGN(std::string bytes, ReadFile(changed / "usr/local/bin/sandcheck-probe"));
  EXPECT_EQ(bytes, "probe v2, longer");
}

TEST(LoadRootfsInputs, UnknownRecipeIsRefused) {
  Deployment deployment = HardenedDeployment();
  deployment.image.recipe = "ubuntu";
  auto inputs = LoadRootfsInputs(deployment, {"/bin/busybox", "/bin/busybox"});
  ASSERT_FALSE(inputs.ok());
  EXPECT_THAT(inputs.message(), HasSubstr("ubuntu"));
}

TEST(LoadRootfsInputs, AsksBusyboxForItsApplets) {
  ASSERT_OK_AND_ASSIGN(auto inputs,
                       LoadRootfsInputs(HardenedDeployment(), {"/bin/busybox", "/bin/busybox"}));
  EXPECT_THAT(inputs.busybox_applets, ::testing::Contains("bin/sh"));
  EXPECT_GT(inputs.busybox_applets.size(), 100u);
}

TEST(LoadRootfsInputs, ReadsManagedSettingsAndHooks) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-inputs-"));
  ASSERT_OK(WriteFile(dir.path() / "settings.json", "{}", 0644));
  ASSERT_OK(WriteFile(dir.path() / "guard.sh", "#!/bin/sh\n", 0755));
  Deployment deployment = HardenedDeployment();
  deployment.claude.managed_settings = dir.path() / "settings.json";
  deployment.claude.hooks = {dir.path() / "guard.sh"};
  ASSERT_OK_AND_ASSIGN(auto inputs, LoadRootfsInputs(deployment, {"/bin/busybox", "/bin/busybox"}));
  EXPECT_EQ(inputs.managed_settings, "{}");
  ASSERT_EQ(inputs.hooks.size(), 1u);
  EXPECT_EQ(inputs.hooks[0].name, "guard.sh");
}

TEST(LoadRootfsInputs, MissingProbeIsAnError) {
  auto inputs = LoadRootfsInputs(HardenedDeployment(), {"/bin/busybox", "/nonexistent/probe"});
  ASSERT_FALSE(inputs.ok());
  EXPECT_THAT(inputs.message(), HasSubstr("/nonexistent/probe"));
}

}  // namespace
}  // namespace sandcheck
