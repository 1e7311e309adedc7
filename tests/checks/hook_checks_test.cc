// HOOK-001..004 end to end through the runner, on a fake substrate whose sandboxes answer the
// probe from a file model and run hooks on the host: the verdicts and their reasons.
#include "suites/hooks/hook_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "clusters/substrate_registry.h"
#include "core/deployment_parser.h"
#include "core/temp_dir.h"
#include "suites/all_checks.h"
#include "suites/framework/runner.h"
#include "suites/hooks/managed_settings.h"
#include "tests/checks/fake_substrate.h"
#include "tests/checks/host_hooks.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::HasSubstr;
using testing_support::FakeSubstrate;
using testing_support::FakeWorld;
using testing_support::Fixtures;
using testing_support::HostHookInstall;

const std::string kSettings(kManagedSettingsPath);
const std::string kValidator = "/etc/claude-code/hooks/validate-bash.sh";

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A sandbox as the substrate builds it from a deployment: the managed settings root:root 0444,
// each hook root:root 0555 in /etc/claude-code/hooks, nothing writable by the agent.
class HookChecks : public ::testing::Test {
 protected:
  void Load(const std::filesystem::path& deployment_file) {
    auto deployment = ParseDeploymentFile(deployment_file, SubstrateTraitsCatalog());
    ASSERT_TRUE(deployment.ok()) << deployment.message();
    deployment_ = std::move(deployment).value();
    auto hooks = HostHookInstall::Create(deployment_.claude.hooks);
    ASSERT_TRUE(hooks.ok()) << hooks.message();
    hooks_.emplace(std::move(hooks).value());
    world_ = testing_support::ProtectedWorld();
    world_.host[testing_support::kSandboxHookDir] = hooks_->dir();
    if (deployment_.claude.managed_settings) {
      world_.files[kSettings] =
          testing_support::RootFile(0444, ReadFile(*deployment_.claude.managed_settings));
    }
    for (const auto& hook : deployment_.claude.hooks) {
      world_.files["/etc/claude-code/hooks/" + hook.filename().string()] =
          testing_support::RootFile(0555);
    }
  }
  void LoadReference() { Load(Fixtures() / "deployments" / "seed-004-sandbox-images.yaml"); }

  // Runs one hooks check and returns its result.
  CheckResult Run(const char* id) {
    auto registry = BuildRegistry();
    EXPECT_TRUE(registry.ok());
    const CheckInfo* check = registry->Find(id);
    EXPECT_NE(check, nullptr);
    FakeSubstrate substrate(world_);
    RunOptions options;
    options.artifacts_root = artifacts_.path();
    return RunChecks(deployment_, substrate, {check}, options).at(0);
  }

  Deployment deployment_;
  std::optional<HostHookInstall> hooks_;
  FakeWorld world_;
  TempDir artifacts_ = std::move(TempDir::Create("sandcheck-hook-checks-").value());
};

TEST_F(HookChecks, TheReferenceDeploymentPassesAll) {
  LoadReference();
  for (const char* id : {"HOOK-001", "HOOK-002", "HOOK-003", "HOOK-004"}) {
    CheckResult result = Run(id);
    EXPECT_EQ(result.verdict, Verdict::kPass) << id << ": " << result.summary;
    if (std::string_view(id) != "HOOK-003") continue;
    // The corpus checks keep every request's full hook output as an artifact.
    ASSERT_EQ(result.artifacts.size(), 1u);
    auto requests = nlohmann::json::parse(ReadFile(result.artifacts[0]));
    ASSERT_TRUE(requests.is_array());
    EXPECT_EQ(requests.size(), result.evidence["requests"]);
    EXPECT_EQ(requests[0]["hooks"][0]["decision"], "blocked");
  }
}

TEST_F(HookChecks, WritableSettingsFailHook001) {
  LoadReference();
  world_.files[kSettings].agent_writable = true;
  CheckResult result = Run("HOOK-001");
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("the agent opened " + kSettings + " for writing"));
}

TEST_F(HookChecks, AWritableSettingsDirectoryFailsHook001) {
  LoadReference();
  world_.files["/etc/claude-code"].agent_writable = true;
  EXPECT_THAT(Run("HOOK-001").summary, HasSubstr("can create files in /etc/claude-code"));
}

TEST_F(HookChecks, MissingSettingsFailHook001AndTheCorpusChecks) {
  Load(Fixtures() / "deployments" / "negative" / "hooks-settings-missing.yaml");
  CheckResult result = Run("HOOK-001");
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("does not exist"));
  EXPECT_EQ(Run("HOOK-003").verdict, Verdict::kFail);
}

TEST_F(HookChecks, SettingsThatAreNotJsonFailHook001) {
  LoadReference();
  world_.files[kSettings].content = R"({"hooks": {},})";
  CheckResult result = Run("HOOK-001");
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("not a JSON object"));
}

TEST_F(HookChecks, SettingsTheAgentCannotReadFailHook001) {
  LoadReference();
  world_.files[kSettings].readable = false;
  EXPECT_THAT(Run("HOOK-001").summary, HasSubstr("the agent cannot read"));
}

TEST_F(HookChecks, AnAgentThatIsRootFailsHook001AndHook002) {
  Load(Fixtures() / "deployments" / "negative" / "hooks-agent-root.yaml");
  // Root's CAP_DAC_OVERRIDE opens anything for writing.
  for (auto& [path, file] : world_.files) file.agent_writable = true;
  for (const char* id : {"HOOK-001", "HOOK-002"}) {
    CheckResult result = Run(id);
    EXPECT_EQ(result.verdict, Verdict::kFail) << id;
    EXPECT_THAT(result.summary, HasSubstr("owned by the agent's own uid 0")) << id;
  }
}

TEST_F(HookChecks, AWritableHookScriptFailsHook002) {
  LoadReference();
  world_.files[kValidator].agent_writable = true;
  CheckResult result = Run("HOOK-002");
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("the agent opened " + kValidator));
}

TEST_F(HookChecks, AHookFromTheWorkspaceFailsHook002) {
  Load(Fixtures() / "deployments" / "negative" / "hooks-script-in-workspace.yaml");
  CheckResult result = Run("HOOK-002");
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("depends on a variable"));
}

TEST_F(HookChecks, AMissingHookScriptFailsHook002) {
  LoadReference();
  world_.files.erase(kValidator);
  EXPECT_THAT(Run("HOOK-002").summary, HasSubstr(kValidator + " does not exist"));
}

TEST_F(HookChecks, AHookWithAnIfConditionCannotBeJudged) {
  LoadReference();
  auto settings = nlohmann::json::parse(world_.files[kSettings].content);
  settings["hooks"]["PreToolUse"][0]["hooks"][0]["if"] = "Bash(rm *)";
  world_.files[kSettings].content = settings.dump();
  CheckResult result = Run("HOOK-004");
  EXPECT_EQ(result.verdict, Verdict::kError);
  EXPECT_THAT(result.summary, HasSubstr("could not evaluate"));
}

}  // namespace
}  // namespace sandcheck
