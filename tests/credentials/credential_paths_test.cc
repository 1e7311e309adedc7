// CRED-003's pure logic: the well-known credential paths and how stat results are judged.
#include "suites/credentials/credential_paths.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sandcheck {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

TEST(WellKnownCredentialPaths, ListsHomeAndSystemLocations) {
  auto paths = WellKnownCredentialPaths("/home/agent", /*oauth_file=*/false);
  EXPECT_THAT(paths, Contains("/home/agent/.ssh"));
  EXPECT_THAT(paths, Contains("/home/agent/.aws"));
  EXPECT_THAT(paths, Contains("/home/agent/.config/gh"));
  EXPECT_THAT(paths, Contains("/home/agent/.kube"));
  EXPECT_THAT(paths, Contains("/home/agent/.git-credentials"));
  EXPECT_THAT(paths, Contains("/home/agent/.config/git/credentials"));
  EXPECT_THAT(paths, Contains("/run/secrets"));
  EXPECT_THAT(paths, Contains("/var/run/secrets/kubernetes.io/serviceaccount/token"));
  EXPECT_THAT(paths, Contains("/home/agent/.claude/.credentials.json"));
}

TEST(WellKnownCredentialPaths, LeavesOutTheOauthFileTheDeploymentKeepsOnPurpose) {
  EXPECT_THAT(WellKnownCredentialPaths("/home/agent", /*oauth_file=*/true),
              Not(Contains("/home/agent/.claude/.credentials.json")));
}

TEST(WellKnownCredentialPaths, HandlesRootAsHome) {
  EXPECT_THAT(WellKnownCredentialPaths("/", false), Contains("/.ssh"));
}

StatFacts Missing(std::string error = "ENOENT") { return {false, std::move(error), "", {}, {}}; }

TEST(JudgeCredentialPaths, AbsentPathsPass) {
  Judgement judgement =
      JudgeCredentialPaths({{"/home/agent/.ssh", Missing()}, {"/run/secrets", Missing("ENOTDIR")}});
  EXPECT_THAT(judgement.problems, IsEmpty());
  EXPECT_THAT(judgement.inconclusive, IsEmpty());
  EXPECT_EQ(judgement.evidence["/home/agent/.ssh"]["exists"], false);
}

TEST(JudgeCredentialPaths, AnExistingPathFails) {
  Judgement judgement = JudgeCredentialPaths(
      {{"/home/agent/.aws", {true, "", "directory", 1000u, 0700u}}, {"/run/secrets", Missing()}});
  EXPECT_THAT(judgement.problems, ElementsAre("/home/agent/.aws exists (directory)"));
}

TEST(JudgeCredentialPaths, AStatThatIsDeniedIsInconclusive) {
  Judgement judgement = JudgeCredentialPaths({{"/root/.ssh", Missing("EACCES")}});
  EXPECT_THAT(judgement.problems, IsEmpty());
  EXPECT_THAT(judgement.inconclusive, ElementsAre(HasSubstr("EACCES")));
}

}  // namespace
}  // namespace sandcheck
