// The persistence family on real runtimes: the hardened references keep ~/.claude and
// /workspace and forget /tmp, per-tenant volumes and a host workspace keep their promises, and
// every negative control its checks name in the registry makes that check fail.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "suites/all_checks.h"
#include "suites/persistence/tenants.h"
#include "tests/credentials/oci_family_harness.h"

namespace sandcheck {
namespace {

using testing_support::DeploymentFixture;
using testing_support::Describe;
using testing_support::FamilyNegativeControl;
using testing_support::NegativeCaseName;
using testing_support::NegativeCases;
using testing_support::NegativeControl;
using testing_support::OciFamilies;

class PersistenceReference : public OciFamilies, public ::testing::WithParamInterface<RuntimeKind> {
 protected:
  Deployment Reference() {
    return Load(DeploymentFixture(fmt::format("reference-{}.yaml", ToString(GetParam()))));
  }
};

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

INSTANTIATE_TEST_SUITE_P(Runtimes, PersistenceReference,
                         ::testing::Values(RuntimeKind::kRunc, RuntimeKind::kRunsc),
                         [](const auto& info) { return std::string(ToString(info.param)); });

using PersistenceNegativeControl = FamilyNegativeControl;

TEST_P(PersistenceNegativeControl, MakesItsCheckFail) { ExpectItsCheckFails(); }

INSTANTIATE_TEST_SUITE_P(Registry, PersistenceNegativeControl,
                         ::testing::ValuesIn(NegativeCases(Family::kPersistence)),
                         NegativeCaseName);

}  // namespace
}  // namespace sandcheck
