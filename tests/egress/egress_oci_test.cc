// The egress, credential-proxy and observability checks in the harness's world, on runc and on
// runsc: the reference behind its proxy passes them all, and each negative control fails
// exactly the checks that name it, and no other of them (the HTTPS half of a check with the
// failure it must report).
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

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

// The runtimes the world runs on: runc and crun join the namespace, runsc uses its stack in
// host network mode.
std::string RuntimeName(RuntimeKind runtime) { return std::string(ToString(runtime)); }

class EgressReference : public Families, public ::testing::WithParamInterface<RuntimeKind> {};

TEST_P(EgressReference, PassesEveryEgressCredentialProxyAndObservabilityCheck) {
  RequireRuntime(SubstrateKind::kOci, GetParam());
  auto file = fmt::format("reference-{}-egress.yaml", RuntimeName(GetParam()));
  auto results = Run(Load(DeploymentFixture(file)), Ids(WorldChecks()));
  ASSERT_EQ(results.size(), WorldChecks().size());
  for (const auto& [id, result] : results) {
    EXPECT_EQ(result.verdict, Verdict::kPass) << Describe(result);
  }
}

INSTANTIATE_TEST_SUITE_P(Runtimes, EgressReference,
                         ::testing::Values(RuntimeKind::kRunc, RuntimeKind::kRunsc),
                         [](const auto& info) { return RuntimeName(info.param); });

using EgressWithoutNetwork = Families;

TEST_F(EgressWithoutNetwork, TheChecksDoNotApply) {
  RequireRuntime(SubstrateKind::kOci, RuntimeKind::kRunc);
  auto results = Run(Load(DeploymentFixture("reference-runc.yaml")), Ids(WorldChecks()));
  for (const auto& [id, result] : results) {
    EXPECT_EQ(result.verdict, Verdict::kNotApplicable) << Describe(result);
  }
}

// What a control's failure must say, where it proves the HTTPS half of a check.
const std::map<std::pair<std::string, std::string>, std::string>& HttpsFailures() {
  static const std::map<std::pair<std::string, std::string>, std::string> failures = {
      {{"egress-wildcard-admits-canary.yaml", "EGR-007"}, "https://canary.example.test"},
      {{"egress-proxy-ca-not-installed.yaml", "EGR-006"}, "certificate verification"},
      {{"egress-proxy-ca-not-installed.yaml", "CREDP-002"}, "https://api.anthropic.com"},
      // The matcher flaws: the failure names the attempt that got through.
      {{"egress-allowlist-substring.yaml", "EGR-012"}, "notallowed.example.test"},
      {{"egress-ip-literals-admitted.yaml", "EGR-011"}, "2852039166"},
      {{"egress-domain-fronting.yaml", "EGR-013"}, "Host naming the canary"},
      {{"egress-any-port.yaml", "EGR-014"}, "port 22"},
      {{"egress-dns-forwarder.yaml", "EGR-015"}, "reached the world's resolver"},
      {{"egress-reload-appends.yaml", "EGR-016"}, "allowed.example.test, removed from the file"},
      {{"egress-sbx-kit-allows-everything.yaml", "EGR-007"}, "https://canary.example.test"},
  };
  return failures;
}

// Checks a runtime holds whatever the deployment's network is, so no control can fail them
// there. gVisor in host network mode opens no ICMP socket at all, raw or ping (EAFNOSUPPORT,
// measured with runsc 20221219): EGR-003 passes on runsc even with no proxy.
std::set<std::string> HeldByTheRuntime(RuntimeKind runtime) {
  if (runtime == RuntimeKind::kRunsc) return {"EGR-003"};
  return {};
}

std::string ControlName(
    const ::testing::TestParamInfo<std::tuple<std::string, RuntimeKind>>& info) {
  std::string name = std::get<0>(info.param);
  name = name.substr(0, name.find('.')) + "_" + RuntimeName(std::get<1>(info.param));
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

class EgressNegativeControl
    : public Families,
      public ::testing::WithParamInterface<std::tuple<std::string, RuntimeKind>> {};

TEST_P(EgressNegativeControl, FailsExactlyTheChecksThatNameIt) {
  const auto& [file, runtime] = GetParam();
  RequireRuntime(SubstrateKind::kOci, runtime);
  std::set<std::string> named;
  for (const CheckInfo* check : WorldChecks()) {
    const auto& controls = check->negative_controls;
    if (std::find(controls.begin(), controls.end(), file) != controls.end()) {
      named.insert(check->id);
    }
  }
  ASSERT_FALSE(named.empty()) << file << " is named by no check";
  std::set<std::string> held = HeldByTheRuntime(runtime);
  Deployment deployment = Load(NegativeControl(file), runtime);
  // gVisor's pids cgroup counts the Sentry's threads too (reference-runsc.yaml).
  if (runtime == RuntimeKind::kRunsc) deployment.limits.pids = 1024;
  auto results = Run(deployment, Ids(WorldChecks()));
  std::set<std::string> failed;
  for (const auto& [id, result] : results) {
    EXPECT_NE(result.verdict, Verdict::kError) << Describe(result);
    if (result.verdict == Verdict::kFail) failed.insert(id);
    if (result.verdict == Verdict::kFail && !named.contains(id)) ADD_FAILURE() << Describe(result);
    if (held.contains(id)) {
      EXPECT_EQ(result.verdict, Verdict::kPass) << Describe(result);
      named.erase(id);
    }
    auto https = HttpsFailures().find({file, id});
    if (https != HttpsFailures().end()) {
      EXPECT_THAT(result.summary, ::testing::HasSubstr(https->second)) << Describe(result);
    }
  }
  EXPECT_EQ(failed, named);
}

INSTANTIATE_TEST_SUITE_P(
    Controls, EgressNegativeControl,
    ::testing::Combine(::testing::Values("egress-no-proxy.yaml",
                                         "egress-wildcard-admits-canary.yaml",
                                         "egress-admin-port-exposed.yaml",
                                         "egress-proxy-ca-not-installed.yaml",
                                         "obs-no-flow-log.yaml", "credp-key-in-env.yaml",
                                         "credp-broad-injection.yaml"),
                       ::testing::Values(RuntimeKind::kRunc, RuntimeKind::kRunsc)),
    ControlName);

// The proxy's flaws (EGR-011..015) live on the proxy's side, the same on every runtime: runc.
INSTANTIATE_TEST_SUITE_P(
    MatcherFlaws, EgressNegativeControl,
    ::testing::Combine(::testing::Values("egress-allowlist-substring.yaml",
                                         "egress-ip-literals-admitted.yaml",
                                         "egress-domain-fronting.yaml", "egress-any-port.yaml",
                                         "egress-dns-forwarder.yaml", "egress-reload-appends.yaml",
                                         "egress-sbx-kit-allows-everything.yaml"),
                       ::testing::Values(RuntimeKind::kRunc)),
    ControlName);

}  // namespace
}  // namespace sandcheck
