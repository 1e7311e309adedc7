// The persistence family on real runtimes, on the oci substrate and on a real Docker engine:
// the hardened references keep ~/.claude and /workspace and forget /tmp, per-tenant volumes and
// a host workspace keep their promises, seed 001's phase-01 flags keep the seed's, and every
// negative control its checks name in the registry makes that check fail on both substrates.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "suites/all_checks.h"
#include "suites/persistence/tenants.h"
#include "tests/credentials/family_harness.h"

namespace sandcheck {
namespace {

using testing_support::DeploymentFixture;
using testing_support::Describe;
using testing_support::FamilyNegativeControl;
using testing_support::FamilyReference;
using testing_support::NegativeCaseName;
using testing_support::NegativeCasesOnEverySubstrate;
using testing_support::TargetName;
using testing_support::Targets;

using PersistenceReference = FamilyReference;

TEST_P(PersistenceReference, KeepsAgentStateAndWorkAndForgetsScratch) {
  RequireRuntime(GetParam());
  auto results = Run(Reference(), IdsOf(Family::kPersistence));
  for (const char* id : {"PERS-001", "PERS-002", "PERS-003", "PERS-004"}) {
    EXPECT_EQ(results[id].verdict, Verdict::kPass) << Describe(results[id]);
  }
  // The reference is single-tenant and keeps its workspace in a volume, not a host directory.
  for (const char* id : {"PERS-005", "PERS-006"}) {
    EXPECT_EQ(results[id].verdict, Verdict::kNotApplicable) << Describe(results[id]);
  }
}

TEST_P(PersistenceReference, PerTenantVolumesAreInvisibleToOtherTenants) {
  RequireRuntime(GetParam());
  Deployment deployment = Reference();
  for (VolumeMount& volume : deployment.volumes) volume.name += "-" + std::string(kTenantToken);
  auto results = Run(deployment, {"PERS-005"});
  EXPECT_EQ(results["PERS-005"].verdict, Verdict::kPass) << Describe(results["PERS-005"]);
}

TEST_P(PersistenceReference, AHostWorkspaceSeesTheAgentsEditsAtOnce) {
  RequireRuntime(GetParam());
  Deployment deployment = Reference();
  std::erase_if(deployment.volumes, [](const VolumeMount& v) { return v.target == "/workspace"; });
  deployment.binds.push_back({"${host_home}/project", "/workspace", false});
  auto results = Run(Resolve(deployment), {"PERS-002", "PERS-006"});
  EXPECT_EQ(results["PERS-002"].verdict, Verdict::kPass) << Describe(results["PERS-002"]);
  EXPECT_EQ(results["PERS-006"].verdict, Verdict::kPass) << Describe(results["PERS-006"]);
}

INSTANTIATE_TEST_SUITE_P(Targets, PersistenceReference, ::testing::ValuesIn(Targets()), TargetName);

// Seed 001 phase 01 on both substrates: the developer's workspace (owned by the host user the
// agent's uid mirrors) is shared with the host at once and survives re-creation, and the home
// volume keeps the agent's state.
class Seed001Phase01 : public testing_support::Families,
                       public ::testing::WithParamInterface<std::string> {};

TEST_P(Seed001Phase01, KeepsWhatTheSeedPromises) {
  auto deployment = Load(DeploymentFixture(GetParam()));
  RequireRuntime(deployment.substrate, deployment.runtime);
  auto results = Run(deployment, IdsOf(Family::kPersistence));
  for (const char* id : {"PERS-001", "PERS-002", "PERS-003", "PERS-004", "PERS-006"}) {
    EXPECT_EQ(results[id].verdict, Verdict::kPass) << Describe(results[id]);
  }
  EXPECT_EQ(results["PERS-005"].verdict, Verdict::kNotApplicable) << Describe(results["PERS-005"]);
}

INSTANTIATE_TEST_SUITE_P(Substrates, Seed001Phase01,
                         ::testing::Values("seed-001-phase01.yaml", "seed-001-phase01-docker.yaml"),
                         [](const auto& info) {
                           return std::string(
                               info.param.find("docker") != std::string::npos ? "docker" : "oci");
                         });

using PersistenceNegativeControl = FamilyNegativeControl;

TEST_P(PersistenceNegativeControl, MakesItsCheckFail) { ExpectItsCheckFails(); }

INSTANTIATE_TEST_SUITE_P(Registry, PersistenceNegativeControl,
                         ::testing::ValuesIn(NegativeCasesOnEverySubstrate(Family::kPersistence)),
                         NegativeCaseName);

}  // namespace
}  // namespace sandcheck
