// Canary generation, the fake host they are planted in, and planting into the environment.
#include "suites/credentials/canaries.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/fs_util.h"
#include "core/temp_dir.h"
#include "suites/credentials/host_canaries.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::MatchesRegex;
using ::testing::SizeIs;

std::vector<std::string> WhereOf(const std::vector<Canary>& canaries, CanarySource source) {
  std::vector<std::string> where;
  for (const Canary& canary : canaries) {
    if (canary.source == source) where.push_back(canary.where);
  }
  return where;
}

TEST(GenerateCanaries, CoversTheWellKnownHostCredentials) {
  auto canaries = GenerateCanaries();
  EXPECT_THAT(WhereOf(canaries, CanarySource::kEnvironment),
              IsSupersetOf({"GH_TOKEN", "ANTHROPIC_API_KEY", "AWS_SECRET_ACCESS_KEY",
                            "CLAUDE_CREDENTIALS"}));
  EXPECT_THAT(WhereOf(canaries, CanarySource::kHomeFile),
              IsSupersetOf({".ssh/id_ed25519", ".aws/credentials", ".config/gh/hosts.yml",
                            ".kube/config", ".claude/.credentials.json"}));
}

TEST(GenerateCanaries, EverySecretIsRandomUniqueAndPlanted) {
  auto first = GenerateCanaries();
  auto second = GenerateCanaries();
  std::set<std::string> secrets;
  for (const auto* set : {&first, &second}) {
    for (const Canary& canary : *set) {
      EXPECT_THAT(canary.secret, MatchesRegex("sccanary[0-9a-f]{32}"));
      EXPECT_THAT(canary.planted, HasSubstr(canary.secret)) << Describe(canary);
      secrets.insert(canary.secret);
    }
  }
  EXPECT_THAT(secrets, SizeIs(first.size() + second.size()));
}

TEST(GenerateCanaries, OauthCredentialsAreJsonLikeSeed003s) {
  auto canaries = GenerateCanaries();
  auto oauth = std::find_if(canaries.begin(), canaries.end(),
                            [](const Canary& c) { return c.where == "CLAUDE_CREDENTIALS"; });
  ASSERT_NE(oauth, canaries.end());
  auto json = nlohmann::json::parse(oauth->planted);
  EXPECT_THAT(json["claudeAiOauth"]["accessToken"].get<std::string>(), HasSubstr(oauth->secret));
}

TEST(Describe, NamesTheSourceAndPlace) {
  EXPECT_EQ(Describe({CanarySource::kEnvironment, "GH_TOKEN", "s", "s"}),
            "host environment GH_TOKEN");
  EXPECT_EQ(Describe({CanarySource::kHomeFile, ".aws/credentials", "s", "s"}),
            "host file ~/.aws/credentials");
}

TEST(WriteFakeHost, PlantsEveryHomeFileOwnerOnlyAndOwnedByTheHostUser) {
  ASSERT_OK_AND_ASSIGN(TempDir root, TempDir::Create("sandcheck-fake-host-"));
  FakeHost host = FakeHostUnder(root.path());
  auto canaries = GenerateCanaries();
  HostUser self{::getuid(), ::getgid()};
  ASSERT_OK(WriteFakeHost(host, canaries, self));
  for (const Canary& canary : canaries) {
    if (canary.source != CanarySource::kHomeFile) continue;
    ASSERT_OK_AND_ASSIGN(std::string content, ReadFile(host.home / canary.where));
    EXPECT_EQ(content, canary.planted);
    struct stat info;
    ASSERT_EQ(::stat((host.home / canary.where).c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, 0600u) << canary.where;
    EXPECT_EQ(info.st_uid, self.uid);
  }
  EXPECT_TRUE(std::filesystem::is_directory(host.home / "project"));
  struct stat tmp;
  ASSERT_EQ(::stat(host.tmp.c_str(), &tmp), 0);
  EXPECT_EQ(tmp.st_mode & 07777, 01777u);
}

TEST(HostCanaries, InstallPlantsTheEnvironmentOnceForTheProcess) {
  // The instance lives until the process exits, so its directory must too.
  ASSERT_OK_AND_ASSIGN(
      const HostCanaries* installed,
      HostCanaries::Install(std::filesystem::temp_directory_path(), {::getuid(), ::getgid()}));
  EXPECT_EQ(HostCanaries::Installed(), installed);
  for (const Canary& canary : installed->canaries()) {
    if (canary.source != CanarySource::kEnvironment) continue;
    const char* value = std::getenv(canary.where.c_str());
    ASSERT_NE(value, nullptr) << canary.where;
    EXPECT_EQ(value, canary.planted);
  }
  EXPECT_TRUE(std::filesystem::exists(installed->host().home / ".ssh/id_ed25519"));
  ASSERT_OK_AND_ASSIGN(const HostCanaries* again, HostCanaries::Install("/nonexistent"));
  EXPECT_EQ(again, installed);
}

}  // namespace
}  // namespace sandcheck
