// The hooks family in real sandboxes: the reference deployment (seed 004) must pass every hooks
// check, and every check must fail on each of its negative-control deployments. Runs once per
// runtime and skips loudly where the runtime is missing. Needs root, like the substrate.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "clusters/substrate_registry.h"
#include "core/deployment_parser.h"
#include "suites/all_checks.h"
#include "suites/framework/runner.h"
#include "suites/framework/selection.h"
#include "tests/oci/runtime_test_env.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

class HooksInSandbox : public ::testing::TestWithParam<RuntimeKind> {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(state_, TempDir::Create("sandcheck-hooks-it-"));
    ASSERT_OK_AND_ASSIGN(artifacts_, TempDir::Create("sandcheck-hooks-it-artifacts-"));
    ASSERT_OK_AND_ASSIGN(substrate_, OciSubstrate::Create(TestSubstrateConfig(state_->path())));
    if (!substrate_->Runtime(GetParam())) {
      GTEST_SKIP() << ToString(GetParam()) << " unavailable: "
                   << substrate_->Capabilities(GetParam()).capabilities.begin()->second.reason;
    }
    ASSERT_OK_AND_ASSIGN(registry_, BuildRegistry());
    CheckFilter hooks;
    hooks.families = {Family::kHooks};
    checks_ = SelectChecks(*registry_, hooks);
    ASSERT_FALSE(checks_.empty());
  }

  Result<Deployment> Load(const std::filesystem::path& relative) {
    ASSIGN_OR_RETURN(Deployment deployment,
                     ParseDeploymentFile(DefaultFixturesDir() / "deployments" / relative,
                                         SubstrateTraitsCatalog()));
    deployment.runtime = GetParam();
    return deployment;
  }

  std::vector<CheckResult> Run(const Deployment& deployment,
                               const std::vector<const CheckInfo*>& checks) {
    RunOptions options;
    options.artifacts_root = artifacts_->path();
    return RunChecks(deployment, *substrate_, checks, options);
  }

  std::optional<TempDir> state_;
  std::optional<TempDir> artifacts_;
  std::unique_ptr<OciSubstrate> substrate_;
  std::optional<CheckRegistry> registry_;
  std::vector<const CheckInfo*> checks_;
};

TEST_P(HooksInSandbox, TheReferenceDeploymentPassesEveryHooksCheck) {
  ASSERT_OK_AND_ASSIGN(Deployment deployment, Load("seed-004-sandbox-images.yaml"));
  for (const CheckResult& result : Run(deployment, checks_)) {
    EXPECT_EQ(result.verdict, Verdict::kPass) << result.id << ": " << result.summary << "\n"
                                              << result.evidence.dump(2);
  }
}

TEST_P(HooksInSandbox, EveryNegativeControlFailsItsCheck) {
  for (const CheckInfo* check : checks_) {
    for (const auto& control : check->negative_controls) {
      ASSERT_OK_AND_ASSIGN(Deployment deployment,
                           Load(std::filesystem::path("negative") / control));
      CheckResult result = Run(deployment, {check}).at(0);
      EXPECT_EQ(result.verdict, Verdict::kFail)
          << check->id << " on " << control << ": " << result.summary;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Runtimes, HooksInSandbox, kAllRuntimes, RuntimeParamName);

}  // namespace
}  // namespace sandcheck
