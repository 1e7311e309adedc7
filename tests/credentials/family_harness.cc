#include "tests/credentials/family_harness.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cctype>

#include "clusters/docker/docker_substrate.h"
#include "clusters/oci/oci_substrate.h"
#include "clusters/substrate_registry.h"
#include "core/deployment_parser.h"
#include "suites/all_checks.h"
#include "suites/credentials/host_canaries.h"
#include "suites/credentials/host_references.h"
#include "suites/framework/runner.h"

namespace sandcheck::testing_support {

std::filesystem::path DeploymentFixture(const std::string& name) {
  return std::filesystem::path(SANDCHECK_SOURCE_DIR) / "fixtures" / "deployments" / name;
}

std::filesystem::path NegativeControl(const std::string& name) {
  return DeploymentFixture("negative") / name;
}

std::vector<Target> Targets() {
  std::vector<Target> targets;
  for (SubstrateKind substrate : {SubstrateKind::kOci, SubstrateKind::kDocker}) {
    for (RuntimeKind runtime : {RuntimeKind::kRunc, RuntimeKind::kRunsc}) {
      targets.push_back({substrate, runtime});
    }
  }
  return targets;
}

std::filesystem::path ReferenceFixture(const Target& target) {
  std::string prefix = target.substrate == SubstrateKind::kDocker ? "docker-" : "";
  return DeploymentFixture(fmt::format("{}reference-{}.yaml", prefix, ToString(target.runtime)));
}

std::string TargetName(const ::testing::TestParamInfo<Target>& info) {
  return fmt::format("{}_{}", ToString(info.param.substrate), ToString(info.param.runtime));
}

void PrintTo(const Target& target, std::ostream* out) {
  *out << ToString(target.runtime) << " on " << ToString(target.substrate);
}

std::optional<TempDir>& Families::State() {
  static std::optional<TempDir> state;
  return state;
}

std::map<SubstrateKind, Result<std::unique_ptr<Substrate>>>& Families::Substrates() {
  static std::map<SubstrateKind, Result<std::unique_ptr<Substrate>>> substrates;
  return substrates;
}

void Families::DestroySubstrates() { Substrates().clear(); }

Result<Substrate*> Families::SubstrateOf(SubstrateKind kind) {
  auto& substrates = Substrates();
  if (!State()) return Fail("no state directory: the suite's set-up failed");
  auto it = substrates.find(kind);
  if (it == substrates.end()) {
    Result<std::unique_ptr<Substrate>> made =
        Fail("substrate '{}' is not tested here", ToString(kind));
    if (kind == SubstrateKind::kOci) {
      OciSubstrateConfig config;
      config.state_dir = State()->path();
      config.probe_binary = SANDCHECK_PROBE_BINARY;
      config.shared_bases = SANDCHECK_TEST_SHARED_BASES;
      auto oci = OciSubstrate::Create(config);
      made = oci.ok() ? Result<std::unique_ptr<Substrate>>(std::move(oci).value()) : oci.error();
    } else if (kind == SubstrateKind::kDocker) {
      DockerSubstrateConfig config;
      config.state_dir = State()->path();
      config.probe_binary = SANDCHECK_PROBE_BINARY;
      config.shared_bases = SANDCHECK_TEST_SHARED_BASES;
      auto docker = DockerSubstrate::Create(config);
      made = docker.ok() ? Result<std::unique_ptr<Substrate>>(std::move(docker).value())
                         : docker.error();
    }
    it = substrates.emplace(kind, std::move(made)).first;
  }
  if (!it->second.ok()) return it->second.error();
  return it->second->get();
}

void Families::SetUpTestSuite() {
  if (::geteuid() != 0 || State()) return;
  auto state = TempDir::Create("sandcheck-families-");
  ASSERT_TRUE(state.ok()) << state.message();
  State().emplace(std::move(state).value());
  // Before the first sandbox starts, as the runner does.
  auto canaries = HostCanaries::Install(State()->path());
  ASSERT_TRUE(canaries.ok()) << canaries.message();
}

void Families::RequireRuntime(SubstrateKind substrate, RuntimeKind runtime) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to start sandboxes";
  if (substrate == SubstrateKind::kDocker) {
    if (Status ping = EngineClient().Ping(); !ping.ok()) {
      GTEST_SKIP() << "SKIPPED: no Docker engine: " << ping.message()
                   << " (start one: bash ci/dockerd.sh)";
    }
  }
  auto made = SubstrateOf(substrate);
  ASSERT_TRUE(made.ok()) << "the " << ToString(substrate)
                         << " substrate could not be set up: " << made.message();
  RuntimeCapabilities capabilities = (*made)->Capabilities(runtime);
  bool available = substrate == SubstrateKind::kOci
                       ? static_cast<OciSubstrate*>(*made)->Runtime(runtime) != nullptr
                       : !capabilities.runtime_version.empty();
  if (!available) {
    GTEST_SKIP() << ToString(runtime) << " unavailable on " << ToString(substrate) << ": "
                 << capabilities.capabilities.begin()->second.reason;
  }
}

Deployment Families::Load(const std::filesystem::path& file, std::optional<RuntimeKind> runtime,
                          std::optional<SubstrateKind> substrate) {
  auto parsed = ParseDeploymentFile(file, SubstrateTraitsCatalog());
  EXPECT_TRUE(parsed.ok()) << parsed.message();
  if (!parsed.ok()) return Deployment{};
  if (runtime) parsed->runtime = *runtime;
  if (substrate) parsed->substrate = *substrate;
  return Resolve(std::move(parsed).value());
}

Deployment Families::Resolve(Deployment deployment) {
  const HostCanaries* canaries = HostCanaries::Installed();
  EXPECT_NE(canaries, nullptr);
  if (canaries == nullptr) return deployment;
  auto resolved = ResolveHostReferences(deployment, canaries->host(), ProcessEnvironment);
  EXPECT_TRUE(resolved.ok()) << resolved.message();
  return resolved.ok() ? std::move(resolved).value() : deployment;
}

std::map<std::string, CheckResult> Families::Run(const Deployment& deployment,
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
  auto substrate = SubstrateOf(deployment.substrate);
  EXPECT_TRUE(substrate.ok()) << substrate.message();
  if (!substrate.ok()) return results;
  for (auto& result : RunChecks(deployment, **substrate, checks, options)) {
    results[result.id] = std::move(result);
  }
  return results;
}

std::vector<std::string> Families::IdsOf(Family family) {
  std::vector<std::string> ids;
  auto registry = BuildRegistry();
  for (const CheckInfo& check : registry->checks()) {
    if (check.family == family) ids.push_back(check.id);
  }
  return ids;
}

::testing::Environment* NewSubstrateTeardown() {
  class SubstrateTeardown : public ::testing::Environment {
   public:
    void TearDown() override { Families::DestroySubstrates(); }
  };
  return new SubstrateTeardown;
}

void PrintTo(const NegativeCase& negative_case, std::ostream* out) {
  *out << negative_case.check << " with " << negative_case.file << " on "
       << ToString(negative_case.substrate);
}

std::vector<NegativeCase> NegativeCases(Family family, SubstrateKind substrate) {
  std::vector<NegativeCase> cases;
  auto registry = BuildRegistry();  // named: the range below must not outlive a temporary
  for (const CheckInfo& check : registry->checks()) {
    if (check.family != family) continue;
    for (const auto& file : check.negative_controls) {
      // The native substrate's controls are command wrappers, run by tests/native; the kind
      // substrate's are pods, run by tests/kind and tests/cli.
      if (file.starts_with("native-") || file.starts_with("kind-")) continue;
      cases.push_back({check.id, file, substrate});
    }
  }
  return cases;
}

std::vector<NegativeCase> NegativeCasesOnEverySubstrate(Family family) {
  std::vector<NegativeCase> cases = NegativeCases(family, SubstrateKind::kOci);
  for (NegativeCase& on_docker : NegativeCases(family, SubstrateKind::kDocker)) {
    cases.push_back(std::move(on_docker));
  }
  return cases;
}

std::string NegativeCaseName(const ::testing::TestParamInfo<NegativeCase>& info) {
  std::string name =
      fmt::format("{}_{}_{}", info.param.check, info.param.file, ToString(info.param.substrate));
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
  // The oci controls' files, stood up by the substrate under test.
  auto deployment = Load(NegativeControl(GetParam().file), {}, GetParam().substrate);
  RequireRuntime(deployment.substrate, deployment.runtime);
  if (IsSkipped() || HasFatalFailure()) return;
  auto results = Run(deployment, {GetParam().check});
  const CheckResult& result = results[GetParam().check];
  // A control the substrate cannot stand up (a proxy where egress-proxy is missing) is a loud
  // skip.
  if (result.verdict == Verdict::kSkip) GTEST_SKIP() << Describe(result);
  EXPECT_EQ(result.verdict, Verdict::kFail) << Describe(result);
}

}  // namespace sandcheck::testing_support
