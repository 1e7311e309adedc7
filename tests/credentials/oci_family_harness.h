// Runs check families on the oci substrate against deployment files, as the CLI does: one
// substrate on a temporary state directory for the whole test program, the run's canaries
// planted before any sandbox starts, and each deployment's host references resolved.
// Shared by the credentials and persistence integration tests.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "clusters/oci/oci_substrate.h"
#include "core/temp_dir.h"
#include "suites/check.h"

namespace sandcheck::testing_support {

// fixtures/deployments/<name>, or negative/<name> for a negative control.
std::filesystem::path DeploymentFixture(const std::string& name);
std::filesystem::path NegativeControl(const std::string& name);

// The substrate and state directory live until the program exits (static destruction tears
// the substrate down first), so every suite shares one fake host and one rootfs cache.
class OciFamilies : public ::testing::Test {
 public:
  // Tears the shared substrate down now. A program whose sandboxes joined a world calls it
  // from a global test environment: the world's teardown runs `ip`, which must not happen
  // during static destruction (the C++ locale may already be gone).
  static void DestroySharedSubstrate() { Substrate().reset(); }

 protected:
  static void SetUpTestSuite();
  // Skips the test loudly when this machine cannot run `runtime` (not root, no binary).
  void RequireRuntime(RuntimeKind runtime);

  // Parses the file, moves it to `runtime` and resolves its host references.
  static Deployment Load(const std::filesystem::path& file,
                         std::optional<RuntimeKind> runtime = {});
  static Deployment Resolve(Deployment deployment);

  // Runs the checks with these ids on the deployment; the result of each, by id.
  static std::map<std::string, CheckResult> Run(const Deployment& deployment,
                                                const std::vector<std::string>& ids);
  // The ids of every check of `family`.
  static std::vector<std::string> IdsOf(Family family);
  // The substrate every test of the program shares (set up by SetUpTestSuite).
  static OciSubstrate& SharedSubstrate() { return *Substrate(); }

 private:
  static std::optional<TempDir>& State();
  static std::unique_ptr<OciSubstrate>& Substrate();
};

// One negative control a check names in the registry.
struct NegativeCase {
  std::string check;
  std::string file;
};

// "CRED-001 with cred-env-token.yaml", in gtest's output.
void PrintTo(const NegativeCase& negative_case, std::ostream* out);

// Every (check, negative control) pair the registry declares for `family`.
std::vector<NegativeCase> NegativeCases(Family family);
// "CRED_001_cred_env_token_yaml", for parameterised test names.
std::string NegativeCaseName(const ::testing::TestParamInfo<NegativeCase>& info);

// "CRED-001 fail: <summary>", for assertion messages.
std::string Describe(const CheckResult& result);

// The registry's negative controls of one family, each run alone: its check must fail. A
// family's test names it with an alias and instantiates it with NegativeCases(family).
class FamilyNegativeControl : public OciFamilies,
                              public ::testing::WithParamInterface<NegativeCase> {
 protected:
  void ExpectItsCheckFails();
};

}  // namespace sandcheck::testing_support
