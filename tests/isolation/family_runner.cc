#include "tests/isolation/family_runner.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>

#include "clusters/substrate_registry.h"
#include "core/deployment_parser.h"
#include "core/temp_dir.h"
#include "suites/credentials/host_canaries.h"
#include "suites/credentials/host_references.h"
#include "suites/framework/check_context.h"
#include "suites/framework/runner.h"
#include "suites/isolation/isolation_checks.h"

namespace sandcheck::isolation::testing {
namespace {

struct Shared {
  std::optional<TempDir> state;
  std::unique_ptr<OciSubstrate> substrate;
  std::string error;
};

Shared CreateShared() {
  Shared shared;
  auto state = TempDir::Create("sandcheck-iso-");
  if (!state.ok()) {
    shared.error = state.message();
    return shared;
  }
  OciSubstrateConfig config;
  config.state_dir = state->path();
  config.probe_binary = SANDCHECK_PROBE_BINARY;
  auto substrate = OciSubstrate::Create(config);
  if (!substrate.ok()) {
    shared.error = substrate.message();
    return shared;
  }
  shared.state = std::move(state).value();
  shared.substrate = std::move(substrate).value();
  return shared;
}

}  // namespace

Result<OciSubstrate*> SharedSubstrate() {
  static Shared shared = CreateShared();
  if (!shared.substrate) return Fail("create the oci substrate: {}", shared.error);
  return shared.substrate.get();
}

Result<Deployment> LoadFixture(const std::string& relative) {
  ASSIGN_OR_RETURN(Deployment deployment,
                   ParseDeploymentFile(DefaultFixturesDir() / "deployments" / relative,
                                       SubstrateTraitsCatalog()));
  // As the runner does: the fake host exists before the first sandbox starts.
  ASSIGN_OR_RETURN(const HostCanaries* canaries,
                   HostCanaries::Install(std::filesystem::temp_directory_path()));
  return ResolveHostReferences(std::move(deployment), canaries->host(), ProcessEnvironment);
}

std::map<std::string, CheckResult> RunFamily(Substrate& substrate, const Deployment& deployment,
                                             const std::set<std::string>& selected) {
  static const std::vector<CheckInfo> checks = IsolationChecks();
  std::vector<const CheckInfo*> chosen;
  for (const CheckInfo& check : checks) {
    if (selected.empty() || selected.contains(check.id)) chosen.push_back(&check);
  }
  RunOptions options;
  options.artifacts_root = std::filesystem::temp_directory_path() / "sandcheck-iso-artifacts";
  std::map<std::string, CheckResult> results;
  for (CheckResult& result : RunChecks(deployment, substrate, chosen, options)) {
    results[result.id] = std::move(result);
  }
  return results;
}

bool IsDocumentedSkip(RuntimeKind runtime, const std::string& id) {
  return runtime == RuntimeKind::kRunsc && id == "ISO-019";
}

std::string Describe(const std::map<std::string, CheckResult>& results) {
  std::string text;
  for (const auto& [id, result] : results) {
    text += fmt::format("  {} {}: {}\n", id, ToString(result.verdict), result.summary);
  }
  return text;
}

void ExpectExactlyTheseFail(Substrate& substrate, const Deployment& deployment,
                            const std::set<std::string>& expected_failing,
                            const std::set<std::string>& expected_skips) {
  // The fork bomb and the allocation cost seconds; they run only where they must fail.
  static const std::set<std::string> kStress = {"ISO-017", "ISO-018"};
  std::set<std::string> selected;
  for (const CheckInfo& check : IsolationChecks()) {
    if (!kStress.contains(check.id) || expected_failing.contains(check.id)) {
      selected.insert(check.id);
    }
  }
  auto results = RunFamily(substrate, deployment, selected);
  std::set<std::string> failing;
  for (const auto& [id, result] : results) {
    if (result.verdict == Verdict::kFail) failing.insert(id);
    if (IsDocumentedSkip(deployment.runtime, id) && !expected_failing.contains(id)) continue;
    if (expected_skips.contains(id)) {
      EXPECT_EQ(result.verdict, Verdict::kSkip) << id << ": " << result.summary;
      continue;
    }
    // ISO-021 compares a sandbox kernel with the host's; a kernel: host deployment has none.
    if (id == "ISO-021" && deployment.kernel == KernelMode::kHost) {
      EXPECT_EQ(result.verdict, Verdict::kNotApplicable) << result.summary;
      continue;
    }
    EXPECT_THAT(result.verdict, ::testing::AnyOf(Verdict::kPass, Verdict::kFail))
        << id << " " << ToString(result.verdict) << ": " << result.summary;
  }
  EXPECT_EQ(failing, expected_failing) << Describe(results);
}

}  // namespace sandcheck::isolation::testing
