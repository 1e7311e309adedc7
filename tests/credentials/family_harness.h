// Runs check families against deployment files on the oci or the docker substrate, as the CLI
// does: one substrate of each kind (made on first use) on one temporary state directory for
// the whole test program, the run's canaries planted before any sandbox starts, and each
// deployment's host references resolved. Shared by the credentials and persistence
// integration tests of both substrates.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "clusters/substrate.h"
#include "core/temp_dir.h"
#include "suites/framework/check.h"

namespace sandcheck::testing_support {

// fixtures/deployments/<name>, or negative/<name> for a negative control.
std::filesystem::path DeploymentFixture(const std::string& name);
std::filesystem::path NegativeControl(const std::string& name);

// Where a family runs: the hardened reference of each (substrate, runtime) pair.
struct Target {
  SubstrateKind substrate = SubstrateKind::kOci;
  RuntimeKind runtime = RuntimeKind::kRunc;
};
// oci and docker, each on runc and runsc.
std::vector<Target> Targets();
// reference-runc.yaml, docker-reference-runsc.yaml, ...
std::filesystem::path ReferenceFixture(const Target& target);
// "oci_runc", for parameterised test names.
std::string TargetName(const ::testing::TestParamInfo<Target>& info);
void PrintTo(const Target& target, std::ostream* out);

// The substrates and state directory live until the program exits (static destruction tears
// the substrates down first), so every suite shares one fake host, one rootfs cache and one
// imported image.
class Families : public ::testing::Test {
 public:
  // Tears the substrates down now. A program whose sandboxes joined a world calls it from a
  // global test environment: the world's teardown runs `ip`, which must not happen during
  // static destruction (the C++ locale may already be gone).
  static void DestroySubstrates();

 protected:
  static void SetUpTestSuite();
  // Skips the test loudly when this machine cannot run `runtime` on `substrate` (not root, no
  // Docker engine, no runtime binary or engine runtime).
  void RequireRuntime(SubstrateKind substrate, RuntimeKind runtime);
  void RequireRuntime(const Target& target) { RequireRuntime(target.substrate, target.runtime); }

  // Parses the file, moves it to `runtime` and `substrate` when given and resolves its host
  // references.
  static Deployment Load(const std::filesystem::path& file, std::optional<RuntimeKind> runtime = {},
                         std::optional<SubstrateKind> substrate = {});
  static Deployment Resolve(Deployment deployment);

  // Runs the checks with these ids on the deployment, on the substrate it names; the result
  // of each, by id.
  static std::map<std::string, CheckResult> Run(const Deployment& deployment,
                                                const std::vector<std::string>& ids);
  // The ids of every check of `family`.
  static std::vector<std::string> IdsOf(Family family);

  // The substrate of `kind`, made on first use; an error says why it cannot be.
  static Result<Substrate*> SubstrateOf(SubstrateKind kind);

 private:
  static std::optional<TempDir>& State();
  static std::map<SubstrateKind, Result<std::unique_ptr<Substrate>>>& Substrates();
};

// A global test environment whose tear-down calls Families::DestroySubstrates, for programs
// whose sandboxes join a world: register it with ::testing::AddGlobalTestEnvironment.
::testing::Environment* NewSubstrateTeardown();

// One negative control a check names in the registry, stood up on one substrate.
struct NegativeCase {
  std::string check;
  std::string file;
  SubstrateKind substrate = SubstrateKind::kOci;
};

// "CRED-001 with cred-env-token.yaml on docker", in gtest's output.
void PrintTo(const NegativeCase& negative_case, std::ostream* out);

// Every (check, negative control) pair the registry declares for `family`, on `substrate`.
std::vector<NegativeCase> NegativeCases(Family family,
                                        SubstrateKind substrate = SubstrateKind::kOci);
// Both lists above, for oci and docker.
std::vector<NegativeCase> NegativeCasesOnEverySubstrate(Family family);
// "CRED_001_cred_env_token_yaml_docker", for parameterised test names.
std::string NegativeCaseName(const ::testing::TestParamInfo<NegativeCase>& info);

// "CRED-001 fail: <summary>", for assertion messages.
std::string Describe(const CheckResult& result);

// A family's reference on every target.
class FamilyReference : public Families, public ::testing::WithParamInterface<Target> {
 protected:
  Deployment Reference() { return Load(ReferenceFixture(GetParam())); }
};

// The registry's negative controls of one family, each run alone: its check must fail. A
// family's test names it with an alias and instantiates it with NegativeCases(family, ...).
class FamilyNegativeControl : public Families, public ::testing::WithParamInterface<NegativeCase> {
 protected:
  void ExpectItsCheckFails();
};

}  // namespace sandcheck::testing_support
