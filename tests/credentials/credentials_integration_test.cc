// The credentials family on real runtimes, on the oci substrate and on a real Docker engine:
// the hardened references pass, and every negative control its checks name in the registry
// makes that check fail on both substrates.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "suites/all_checks.h"
#include "tests/credentials/family_harness.h"

namespace sandcheck {
namespace {

using testing_support::DeploymentFixture;
using testing_support::Describe;
using testing_support::FamilyNegativeControl;
using testing_support::FamilyReference;
using testing_support::NegativeCaseName;
using testing_support::NegativeCasesOnEverySubstrate;
using testing_support::NegativeControl;
using testing_support::TargetName;
using testing_support::Targets;

// Seed 003 and the credential-proxy controls join a world, whose teardown runs `ip`: not
// during static destruction.
[[maybe_unused]] const auto* const kSubstrateTeardown =
    ::testing::AddGlobalTestEnvironment(testing_support::NewSubstrateTeardown());

using CredentialsReference = FamilyReference;

TEST_P(CredentialsReference, PassesEveryCheckItMakesAPromiseFor) {
  RequireRuntime(GetParam());
  auto results = Run(Reference(), IdsOf(Family::kCredentials));
  for (const char* id : {"CRED-001", "CRED-002", "CRED-003"}) {
    EXPECT_EQ(results[id].verdict, Verdict::kPass) << Describe(results[id]);
  }
  // The reference hands no credential to its entrypoint.
  EXPECT_EQ(results["CRED-004"].verdict, Verdict::kNotApplicable) << Describe(results["CRED-004"]);
}

// Seed 003's flow done right: the credential reaches the entrypoint, which writes it to the
// OAuth file the deployment keeps and unsets it before exec (the substrates' entrypoint,
// docs/oci-substrate.md, docs/docker-substrate.md). The scan must find it in that file, and
// only there.
TEST_P(CredentialsReference, ACredentialUnsetBeforeExecIsInNoEnvironment) {
  RequireRuntime(GetParam());
  auto deployment = Reference();
  deployment.env["CLAUDE_CREDENTIALS"] = "${host:CLAUDE_CREDENTIALS}";
  deployment.env_unset_before_exec = {"CLAUDE_CREDENTIALS"};
  deployment.claude.oauth_file = true;
  // A volume of its own: the file it keeps must not reach the other tests' ~/.claude.
  for (auto& volume : deployment.volumes) {
    if (volume.target == "/home/agent/.claude") volume.name = "claude-home-oauth";
  }
  auto results = Run(Resolve(deployment), {"CRED-001", "CRED-002", "CRED-003", "CRED-004"});
  for (const char* id : {"CRED-001", "CRED-002", "CRED-003", "CRED-004"}) {
    EXPECT_EQ(results[id].verdict, Verdict::kPass) << Describe(results[id]);
  }
  // The entrypoint did write the file: the scan found the credential there, on purpose.
  const auto& allowed = results["CRED-002"].evidence["files"]["allowed_hits"];
  ASSERT_EQ(allowed.size(), 1u) << Describe(results["CRED-002"]);
  EXPECT_EQ(allowed[0]["location"], "/home/agent/.claude/.credentials.json");
  EXPECT_EQ(allowed[0]["origin"], "host environment CLAUDE_CREDENTIALS");
}

// The same flow without the unset (cred-env-not-unset.yaml) fails on every runtime: the
// substrate's entrypoint runs only for what env_unset_before_exec lists.
TEST_P(CredentialsReference, ACredentialNotUnsetFailsOnEveryRuntime) {
  RequireRuntime(GetParam());
  auto deployment =
      Load(NegativeControl("cred-env-not-unset.yaml"), GetParam().runtime, GetParam().substrate);
  auto results = Run(deployment, {"CRED-001", "CRED-004"});
  EXPECT_EQ(results["CRED-001"].verdict, Verdict::kFail) << Describe(results["CRED-001"]);
  EXPECT_EQ(results["CRED-004"].verdict, Verdict::kFail) << Describe(results["CRED-004"]);
}

INSTANTIATE_TEST_SUITE_P(Targets, CredentialsReference, ::testing::ValuesIn(Targets()), TargetName);

using CredentialsNegativeControl = FamilyNegativeControl;

TEST_P(CredentialsNegativeControl, MakesItsCheckFail) { ExpectItsCheckFails(); }

INSTANTIATE_TEST_SUITE_P(Registry, CredentialsNegativeControl,
                         ::testing::ValuesIn(NegativeCasesOnEverySubstrate(Family::kCredentials)),
                         NegativeCaseName);

// Seed 003's uid 501 has no passwd entry in sandcheck's image; its fixtures declare the home the
// seed's Dockerfile gives the user (HOME=/home/claude), where the entrypoint keeps the OAuth
// file and where the checks look. Both fixtures as written, gVisor on each substrate.
class Seed003Credentials : public FamilyReference {};

TEST_P(Seed003Credentials, AUidWithoutPasswdEntryIsJudgedInItsHome) {
  RequireRuntime(GetParam());
  auto deployment = Load(DeploymentFixture(GetParam().substrate == SubstrateKind::kDocker
                                               ? "seed-003-run-claude-gvisor-docker.yaml"
                                               : "seed-003-run-claude-gvisor.yaml"));
  auto results = Run(deployment, {"CRED-001", "CRED-002", "CRED-003", "CRED-004"});
  for (const char* id : {"CRED-001", "CRED-002", "CRED-003", "CRED-004"}) {
    EXPECT_EQ(results[id].verdict, Verdict::kPass) << Describe(results[id]);
  }
  EXPECT_EQ(results["CRED-003"].evidence["home"], "/home/claude");
  EXPECT_EQ(results["CRED-002"].evidence["files"]["kept_credentials_file"],
            "/home/claude/.claude/.credentials.json");
}

INSTANTIATE_TEST_SUITE_P(
    Seed003, Seed003Credentials,
    ::testing::Values(testing_support::Target{SubstrateKind::kOci, RuntimeKind::kRunsc},
                      testing_support::Target{SubstrateKind::kDocker, RuntimeKind::kRunsc}),
    TargetName);

}  // namespace
}  // namespace sandcheck
