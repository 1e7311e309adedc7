#include "tests/credentials/oci_family_harness.h"

#include <unistd.h>

#include <cctype>

#include "core/deployment_parser.h"
#include "suites/all_checks.h"
#include "suites/credentials/host_canaries.h"
#include "suites/credentials/host_references.h"
#include "suites/runner.h"

namespace sandcheck::testing_support {

std::filesystem::path DeploymentFixture(const std::string& name) {
  return std::filesystem::path(SANDCHECK_SOURCE_DIR) / "fixtures" / "deployments" / name;
}

std::filesystem::path NegativeControl(const std::string& name) {
  return DeploymentFixture("negative") / name;
}

std::optional<TempDir>& OciFamilies::State() {
  static std::optional<TempDir> state;
  return state;
}

std::unique_ptr<OciSubstrate>& OciFamilies::Substrate() {
  static std::unique_ptr<OciSubstrate> substrate;
  return substrate;
}

void OciFamilies::SetUpTestSuite() {
  if (::geteuid() != 0 || Substrate()) return;
  auto state = TempDir::Create("sandcheck-families-");
  ASSERT_TRUE(state.ok()) << state.message();
  State().emplace(std::move(state).value());
  // Before the first sandbox starts, as the runner does.
  auto canaries = HostCanaries::Install(State()->path());
  ASSERT_TRUE(canaries.ok()) << canaries.message();
  OciSubstrateConfig config;
  config.state_dir = State()->path();
  config.probe_binary = SANDCHECK_PROBE_BINARY;
  auto substrate = OciSubstrate::Create(config);
  ASSERT_TRUE(substrate.ok()) << substrate.message();
  Substrate() = std::move(substrate).value();
}

void OciFamilies::RequireRuntime(RuntimeKind runtime) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to start sandboxes";
  ASSERT_NE(Substrate(), nullptr) << "the oci substrate could not be set up";
  if (!Substrate()->Runtime(runtime)) {
    GTEST_SKIP() << ToString(runtime) << " unavailable: "
                 << Substrate()->Capabilities(runtime).capabilities.begin()->second.reason;
  }
}

Deployment OciFamilies::Load(const std::filesystem::path& file,
                             std::optional<RuntimeKind> runtime) {
  auto parsed = ParseDeploymentFile(file);
  EXPECT_TRUE(parsed.ok()) << parsed.message();
  if (!parsed.ok()) return Deployment{};
  if (runtime) parsed->runtime = *runtime;
  return Resolve(std::move(parsed).value());
}

Deployment OciFamilies::Resolve(Deployment deployment) {
  const HostCanaries* canaries = HostCanaries::Installed();
  EXPECT_NE(canaries, nullptr);
  if (canaries == nullptr) return deployment;
  auto resolved = ResolveHostReferences(deployment, canaries->host(), ProcessEnvironment);
  EXPECT_TRUE(resolved.ok()) << resolved.message();
  return resolved.ok() ? std::move(resolved).value() : deployment;
}

std::map<std::string, CheckResult> OciFamilies::Run(const Deployment& deployment,
                                                    const std::vector<std::string>& ids) {
  static const CheckRegistry registry = std::move(BuildRegistry().value());
  std::vector<const CheckInfo*> checks;
  for (const auto& id : ids) {
    const CheckInfo* check = registry.Find(id);
    EXPECT_NE(check, nullptr) << id;
    if (check != nullptr) checks.push_back(check);
  }
  RunOptions options;
  options.artifacts_root = State()->path() / "artifacts";
  std::map<std::string, CheckResult> results;
  for (auto& result : RunChecks(deployment, *Substrate(), checks, options)) {
    results[result.id] = std::move(result);
  }
  return results;
}

std::vector<std::string> OciFamilies::IdsOf(Family family) {
  std::vector<std::string> ids;
  auto registry = BuildRegistry();
  for (const CheckInfo& check : registry->checks()) {
    if (check.family == family) ids.push_back(check.id);
  }
  return ids;
}

void PrintTo(const NegativeCase& negative_case, std::ostream* out) {
  *out << negative_case.check << " with " << negative_case.file;
}

std::vector<NegativeCase> NegativeCases(Family family) {
  std::vector<NegativeCase> cases;
  auto registry = BuildRegistry();  // named: the range below must not outlive a temporary
  for (const CheckInfo& check : registry->checks()) {
    if (check.family != family) continue;
    for (const auto& file : check.negative_controls) cases.push_back({check.id, file});
  }
  return cases;
}

std::string NegativeCaseName(const ::testing::TestParamInfo<NegativeCase>& info) {
  std::string name = info.param.check + "_" + info.param.file;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

std::string Describe(const CheckResult& result) {
  return fmt::format("{} {}: {}\nevidence: {}", result.id, ToString(result.verdict), result.summary,
                     result.evidence.dump());
}

void FamilyNegativeControl::ExpectItsCheckFails() {
  auto deployment = Load(NegativeControl(GetParam().file));
  RequireRuntime(deployment.runtime);
  if (IsSkipped() || HasFatalFailure()) return;
  auto results = Run(deployment, {GetParam().check});
  const CheckResult& result = results[GetParam().check];
  EXPECT_EQ(result.verdict, Verdict::kFail) << Describe(result);
}

}  // namespace sandcheck::testing_support
