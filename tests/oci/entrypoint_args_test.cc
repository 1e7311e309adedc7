// env_unset_before_exec in config.json: the init alone receives the handed-over variables and
// runs as the entrypoint that drops them; every exec'd process gets the agent's environment.
#include "clusters/oci/entrypoint_args.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "clusters/oci/bundle_config.h"
#include "clusters/substrate.h"
#include "tests/oci/test_deployments.h"

namespace sandcheck {
namespace {

using nlohmann::json;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Optional;
using ::testing::StartsWith;

const std::string kProbe(kProbePathInSandbox);

// Seed 003's flow on the hardened setup: the OAuth JSON handed over and unset, file kept.
Deployment HandsOverCredentials() {
  Deployment deployment = HardenedDeployment();
  deployment.env = {{"CLAUDE_CREDENTIALS", R"({"claudeAiOauth":{}})"}, {"TZ", "UTC"}};
  deployment.env_unset_before_exec = {"CLAUDE_CREDENTIALS"};
  deployment.claude.oauth_file = true;
  return deployment;
}

json InitProcess(const Deployment& deployment) {
  auto config = BundleConfig(deployment, {"sc-0a1b2c3d-sbx-1", "/state/volumes", ""});
  EXPECT_TRUE(config.ok()) << config.message();
  return config.ok() ? (*config)["process"] : json();
}

TEST(EntrypointArgs, NothingHandedOverKeepsThePlainInit) {
  Deployment deployment = HardenedDeployment();
  EXPECT_THAT(InitArgs(deployment), ElementsAre(kProbe, "init"));
  deployment.command = {"/bin/sh", "-c", "sleep 1"};
  EXPECT_THAT(InitArgs(deployment), ElementsAre("/bin/sh", "-c", "sleep 1"));
  EXPECT_THAT(HandedOverEnv(deployment), IsEmpty());
}

TEST(EntrypointArgs, TheInitWritesTheKeptCredentialAndUnsetsIt) {
  EXPECT_THAT(InitArgs(HandsOverCredentials()),
              ElementsAre(kProbe, "init", "--unset", "CLAUDE_CREDENTIALS", "--credentials-file",
                          "/home/agent/.claude/.credentials.json", "--credentials-from",
                          "CLAUDE_CREDENTIALS"));
}

TEST(EntrypointArgs, TheDeploymentCommandFollowsTheSeparator) {
  Deployment deployment = HandsOverCredentials();
  deployment.claude.oauth_file = false;
  deployment.command = {"sh", "-c", "exec sleep 100"};
  EXPECT_THAT(InitArgs(deployment), ElementsAre(kProbe, "init", "--unset", "CLAUDE_CREDENTIALS",
                                                "--", "sh", "-c", "exec sleep 100"));
}

TEST(EntrypointArgs, OnlyAClaudeCredentialHandedOverAndUnsetGoesToTheFile) {
  Deployment deployment = HandsOverCredentials();
  deployment.claude.oauth_file = false;
  EXPECT_EQ(CredentialSourceVariable(deployment), std::nullopt) << "no oauth_file: no file";

  deployment = HandsOverCredentials();
  deployment.env = {{"GH_TOKEN", "ghp_x"}, {"CLAUDE_CODE_OAUTH_TOKEN", "sk-ant-oat01-x"}};
  deployment.env_unset_before_exec = {"GH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN"};
  EXPECT_THAT(CredentialSourceVariable(deployment),
              Optional(std::string("CLAUDE_CODE_OAUTH_TOKEN")));

  deployment.env["CLAUDE_CREDENTIALS"] = "{}";
  EXPECT_THAT(CredentialSourceVariable(deployment),
              Optional(std::string("CLAUDE_CODE_OAUTH_TOKEN")))
      << "CLAUDE_CREDENTIALS is set but not unset: the entrypoint does not own it";
  deployment.env_unset_before_exec.push_back("CLAUDE_CREDENTIALS");
  EXPECT_THAT(CredentialSourceVariable(deployment), Optional(std::string("CLAUDE_CREDENTIALS")));

  deployment.env_unset_before_exec = {"GH_TOKEN"};
  EXPECT_EQ(CredentialSourceVariable(deployment), std::nullopt);
}

TEST(EntrypointArgs, CredentialsFileIsInTheUsersHome) {
  Deployment deployment;
  deployment.user.uid = 1000;
  EXPECT_EQ(CredentialsFilePath(deployment), "/home/agent/.claude/.credentials.json");
  deployment.user.uid = 0;
  EXPECT_EQ(CredentialsFilePath(deployment), "/root/.claude/.credentials.json");
  deployment.user.uid = 501;
  EXPECT_EQ(CredentialsFilePath(deployment), "/.claude/.credentials.json");
  // A user the recipes never created (seed 003's 501) lives where the deployment's HOME says.
  deployment.env["HOME"] = "/home/claude";
  EXPECT_EQ(CredentialsFilePath(deployment), "/home/claude/.claude/.credentials.json");
}

TEST(EntrypointArgs, OnlyTheInitReceivesTheHandedOverVariables) {
  Deployment deployment = HandsOverCredentials();
  json init = InitProcess(deployment);
  EXPECT_THAT(init["env"], Contains(R"(CLAUDE_CREDENTIALS={"claudeAiOauth":{}})"));
  EXPECT_THAT(init["env"], Contains("TZ=UTC"));

  json exec = ProcessConfig(deployment, {"env"}, deployment.user, {{"PROBE", "1"}});
  EXPECT_THAT(exec["env"], Not(Contains(StartsWith("CLAUDE_CREDENTIALS="))));
  EXPECT_THAT(exec["env"], Contains("TZ=UTC"));
  EXPECT_THAT(exec["env"], Contains("PROBE=1"));
}

TEST(EntrypointArgs, AVariableNotListedReachesEveryProcess) {
  Deployment deployment = HandsOverCredentials();
  deployment.env_unset_before_exec.clear();  // cred-env-not-unset
  EXPECT_THAT(InitProcess(deployment)["args"], ElementsAre(kProbe, "init"));
  json exec = ProcessConfig(deployment, {"env"}, deployment.user);
  EXPECT_THAT(exec["env"], Contains(R"(CLAUDE_CREDENTIALS={"claudeAiOauth":{}})"));
}

}  // namespace
}  // namespace sandcheck
