// The egress, credential-proxy and observability checks on a real Docker engine, runc and runsc:
// the docker references behind their mitmdump sidecar pass them all; the egress negative
// controls, stood up by the engine, fail exactly the checks that name them (but for what the
// engine itself holds, below); and the seeds' Docker deployments get their exact findings.
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

// The world's teardown runs `ip`, which must not happen during static destruction.
[[maybe_unused]] const auto* const kSubstrateTeardown =
    ::testing::AddGlobalTestEnvironment(testing_support::NewSubstrateTeardown());

std::vector<std::string> WorldCheckIds() {
  static const CheckRegistry registry = std::move(BuildRegistry().value());
  std::vector<std::string> ids;
  for (const CheckInfo& check : registry.checks()) {
    if (check.id.starts_with("EGR-") || check.id.starts_with("CREDP-") ||
        check.id.starts_with("OBS-")) {
      ids.push_back(check.id);
    }
  }
  return ids;
}

std::set<std::string> Named(const std::string& control) {
  static const CheckRegistry registry = std::move(BuildRegistry().value());
  std::set<std::string> named;
  for (const std::string& id : WorldCheckIds()) {
    const auto& controls = registry.Find(id)->negative_controls;
    if (std::find(controls.begin(), controls.end(), control) != controls.end()) named.insert(id);
  }
  return named;
}

// The ids with verdict `verdict`; no check may end in error.
std::set<std::string> With(const std::map<std::string, CheckResult>& results, Verdict verdict) {
  std::set<std::string> ids;
  for (const auto& [id, result] : results) {
    EXPECT_NE(result.verdict, Verdict::kError) << Describe(result);
    if (result.verdict == verdict) ids.insert(id);
  }
  return ids;
}

class DockerEgress : public Families, public ::testing::WithParamInterface<RuntimeKind> {};

TEST_P(DockerEgress, TheReferenceBehindItsSidecarPassesEveryCheck) {
  RequireRuntime(SubstrateKind::kDocker, GetParam());
  auto fixture = fmt::format("docker-reference-{}-egress.yaml", ToString(GetParam()));
  auto results = Run(Load(DeploymentFixture(fixture)), WorldCheckIds());
  ASSERT_EQ(results.size(), WorldCheckIds().size());
  for (const auto& [id, result] : results) {
    RecordProperty(id, result.summary);
    EXPECT_EQ(result.verdict, Verdict::kPass) << Describe(result);
  }
}

// What docker holds whatever the deployment (docs/docker-substrate.md): the engine disables
// IPv6 in every container namespace it makes without an IPv6 network, and runsc's host network
// mode, which the world needs, has no ICMP sockets (EAFNOSUPPORT).
std::set<std::string> HeldOnDocker(RuntimeKind runtime) {
  if (runtime == RuntimeKind::kRunsc) return {"EGR-003", "EGR-004"};
  return {"EGR-004"};
}

// Each egress control, stood up by the engine instead of the oci substrate, fails exactly the
// checks that name it.
TEST_P(DockerEgress, EachControlFailsExactlyTheChecksThatNameIt) {
  RequireRuntime(SubstrateKind::kDocker, GetParam());
  for (const char* control :
       {"egress-no-proxy.yaml", "egress-wildcard-admits-canary.yaml",
        "egress-admin-port-exposed.yaml", "egress-proxy-ca-not-installed.yaml",
        "obs-no-flow-log.yaml", "credp-key-in-env.yaml", "credp-broad-injection.yaml"}) {
    SCOPED_TRACE(control);
    auto deployment = Load(NegativeControl(control), GetParam(), SubstrateKind::kDocker);
    // The Sentry's threads count against the pids cgroup (docker-reference-runsc).
    if (GetParam() == RuntimeKind::kRunsc) deployment.limits.pids = 1024;
    std::set<std::string> expected;
    for (const std::string& id : Named(control)) {
      if (!HeldOnDocker(GetParam()).contains(id)) expected.insert(id);
    }
    auto results = Run(deployment, WorldCheckIds());
    EXPECT_EQ(With(results, Verdict::kFail), expected);
  }
}

INSTANTIATE_TEST_SUITE_P(Runtimes, DockerEgress,
                         ::testing::Values(RuntimeKind::kRunc, RuntimeKind::kRunsc),
                         [](const auto& info) { return std::string(ToString(info.param)); });

using SeedsOnDocker = Families;

// run-claude.sh's documented weakness, judged: its gVisor container sits on the world with no
// proxy and no filter, so every way out the checks try works, but IPv6 (the engine disables
// it) and ICMP (runsc's host network mode has no ICMP sockets: EAFNOSUPPORT for raw and ping).
// The metadata address answers its IPv4-mapped spelling too (EGR-011: the engine's disabled
// IPv6 still carries v4-mapped connects over IPv4), nothing matches hosts (EGR-012..014), and
// the world's resolver logs every lookup (EGR-015).
TEST_F(SeedsOnDocker, Seed003sUnfilteredEgressFailsTheEgressChecks) {
  RequireRuntime(SubstrateKind::kDocker, RuntimeKind::kRunsc);
  auto results =
      Run(Load(DeploymentFixture("seed-003-run-claude-gvisor-docker.yaml")), WorldCheckIds());
  for (const auto& [id, result] : results) RecordProperty(id, result.summary);
  EXPECT_EQ(
      With(results, Verdict::kFail),
      (std::set<std::string>{"EGR-001", "EGR-002", "EGR-005", "EGR-006", "EGR-007", "EGR-008",
                             "EGR-009", "EGR-011", "EGR-012", "EGR-013", "EGR-014", "EGR-015"}));
  EXPECT_EQ(With(results, Verdict::kPass), (std::set<std::string>{"EGR-003", "EGR-004"}));
  // No proxy: no control port, no allowlist to reload, no credential proxy. The seed assigns no
  // phase to the observability family.
  EXPECT_EQ(With(results, Verdict::kNotApplicable),
            (std::set<std::string>{"EGR-010", "EGR-016", "CREDP-001", "CREDP-002", "CREDP-003",
                                   "OBS-001", "OBS-002"}));
}

// The three-phase seed's phase 02 on Docker: phase 01's flags behind the mitmproxy sidecar and
// the credential proxy. The sidecar logs every flow but refuses none (EGR-007), so the metadata
// address by name and number (EGR-011), the look-alikes (EGR-012) and a fronted canary
// (EGR-013) all go through; only the web ports are open (EGR-014 holds). Only the GitHub token
// is injected: the model API gets no key from the proxy (CREDP-002).
TEST_F(SeedsOnDocker, Seed001Phase02sSidecarLogsEverythingAndFiltersNothing) {
  RequireRuntime(SubstrateKind::kDocker, RuntimeKind::kRunc);
  auto results = Run(Load(DeploymentFixture("seed-001-phase02-docker.yaml")), WorldCheckIds());
  for (const auto& [id, result] : results) RecordProperty(id, result.summary);
  std::set<std::string> failing = {"EGR-007", "EGR-011", "EGR-012", "EGR-013", "CREDP-002"};
  EXPECT_EQ(With(results, Verdict::kFail), failing);
  for (const auto& [id, result] : results) {
    if (!failing.contains(id)) {
      EXPECT_EQ(result.verdict, Verdict::kPass) << Describe(result);
    }
  }
}

}  // namespace
}  // namespace sandcheck
