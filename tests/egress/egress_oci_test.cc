// The egress, credential-proxy and observability checks on runc in the harness's world: the
// reference behind its proxy passes them all, and each negative control fails exactly the
// checks that name it, and no other of them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "suites/all_checks.h"
#include "tests/credentials/family_harness.h"

namespace sandcheck {
namespace {

using testing_support::DeploymentFixture;
using testing_support::Describe;
using testing_support::Families;
using testing_support::NegativeControl;

// Every check of the three families this issue adds.
std::vector<const CheckInfo*> WorldChecks() {
  static const CheckRegistry registry = std::move(BuildRegistry().value());
  std::vector<const CheckInfo*> checks;
  for (const CheckInfo& check : registry.checks()) {
    if (check.id.starts_with("EGR-") || check.id.starts_with("CREDP-") ||
        check.id.starts_with("OBS-")) {
      checks.push_back(&check);
    }
  }
  return checks;
}

std::vector<std::string> Ids(const std::vector<const CheckInfo*>& checks) {
  std::vector<std::string> ids;
  for (const CheckInfo* check : checks) ids.push_back(check->id);
  return ids;
}

using EgressReference = Families;

TEST_F(EgressReference, PassesEveryEgressCredentialProxyAndObservabilityCheck) {
  RequireRuntime(SubstrateKind::kOci, RuntimeKind::kRunc);
  auto results = Run(Load(DeploymentFixture("reference-runc-egress.yaml")), Ids(WorldChecks()));
  ASSERT_EQ(results.size(), WorldChecks().size());
  for (const auto& [id, result] : results) {
    EXPECT_EQ(result.verdict, Verdict::kPass) << Describe(result);
  }
}

TEST_F(EgressReference, WithoutANetworkTheChecksDoNotApply) {
  RequireRuntime(SubstrateKind::kOci, RuntimeKind::kRunc);
  auto results = Run(Load(DeploymentFixture("reference-runc.yaml")), Ids(WorldChecks()));
  for (const auto& [id, result] : results) {
    EXPECT_EQ(result.verdict, Verdict::kNotApplicable) << Describe(result);
  }
}

class EgressNegativeControl : public Families, public ::testing::WithParamInterface<std::string> {};

TEST_P(EgressNegativeControl, FailsExactlyTheChecksThatNameIt) {
  RequireRuntime(SubstrateKind::kOci, RuntimeKind::kRunc);
  std::set<std::string> named;
  for (const CheckInfo* check : WorldChecks()) {
    const auto& controls = check->negative_controls;
    if (std::find(controls.begin(), controls.end(), GetParam()) != controls.end()) {
      named.insert(check->id);
    }
  }
  ASSERT_FALSE(named.empty()) << GetParam() << " is named by no check";
  auto results = Run(Load(NegativeControl(GetParam())), Ids(WorldChecks()));
  std::set<std::string> failed;
  for (const auto& [id, result] : results) {
    EXPECT_NE(result.verdict, Verdict::kError) << Describe(result);
    if (result.verdict == Verdict::kFail) failed.insert(id);
    if (result.verdict == Verdict::kFail && !named.contains(id)) ADD_FAILURE() << Describe(result);
  }
  EXPECT_EQ(failed, named);
}

INSTANTIATE_TEST_SUITE_P(Controls, EgressNegativeControl,
                         ::testing::Values("egress-no-proxy.yaml",
                                           "egress-wildcard-admits-canary.yaml",
                                           "egress-admin-port-exposed.yaml", "obs-no-flow-log.yaml",
                                           "credp-key-in-env.yaml", "credp-broad-injection.yaml"),
                         [](const auto& info) {
                           std::string name = info.param.substr(0, info.param.find('.'));
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace sandcheck
