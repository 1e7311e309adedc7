// The agent family on runc with the real Claude Code: the CLI on the host executes a scripted
// tool call against the model double on loopback; in the reference agent deployment (behind
// its egress and credential proxy) every agent check holds; and every negative control the
// registry names makes its check fail.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "clusters/oci/claude_code_base.h"
#include "clusters/oci/oci_substrate.h"
#include "core/process.h"
#include "core/temp_dir.h"
#include "servers/model_double.h"
#include "suites/agent/agent_run.h"
#include "suites/all_checks.h"
#include "tests/credentials/family_harness.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::HasSubstr;
using testing_support::DeploymentFixture;
using testing_support::Describe;
using testing_support::Families;
using testing_support::FamilyNegativeControl;
using testing_support::NegativeCaseName;
using testing_support::NegativeCases;
using testing_support::NegativeControl;

// The checks' sandboxes joined the world: tear it down before static destruction.
class SubstrateTeardown : public ::testing::Environment {
 public:
  void TearDown() override { Families::DestroySubstrates(); }
};
const ::testing::Environment* const kSubstrateTeardown =
    ::testing::AddGlobalTestEnvironment(new SubstrateTeardown);

class AgentOnRunc : public Families {
 protected:
  OciSubstrate& Oci() {
    return *static_cast<OciSubstrate*>(SubstrateOf(SubstrateKind::kOci).value());
  }
  // The image's base in `cache_dir`, built or cloned from the build's shared bases.
  Result<ClaudeCodeBase> Base(const std::filesystem::path& cache_dir) {
    auto deployment = Load(DeploymentFixture("reference-agent-runc.yaml"));
    RootfsSources sources{"/bin/busybox", SANDCHECK_PROBE_BINARY};
    ASSIGN_OR_RETURN(auto inputs, LoadRootfsInputs(deployment, sources));
    return EnsureClaudeCodeBase(cache_dir, sources.claude_code_image, inputs, Oci().run_id(),
                                std::chrono::seconds(300), SANDCHECK_TEST_SHARED_BASES);
  }
  // The image's binary on the host: it needs only glibc. Built through the substrate's cache.
  std::filesystem::path HostClaude() {
    auto base = Base(Oci().layout().rootfs_cache());
    EXPECT_TRUE(base.ok()) << base.message();
    if (!base.ok()) return {};
    return base->tree / std::filesystem::path(kClaudeBinaryInImage).relative_path();
  }
};

// Two state directories of one build get the same base: hard links of the shared copy, not a
// second build.
TEST_F(AgentOnRunc, AnotherStateDirectoryClonesTheSharedBase) {
  RequireRuntime(SubstrateKind::kOci, RuntimeKind::kRunc);
  if (IsSkipped()) return;
  ASSERT_OK_AND_ASSIGN(ClaudeCodeBase first, Base(Oci().layout().rootfs_cache()));
  ASSERT_OK_AND_ASSIGN(TempDir other, TempDir::Create("sandcheck-other-state-"));
  auto started = std::chrono::steady_clock::now();
  ASSERT_OK_AND_ASSIGN(ClaudeCodeBase second, Base(other.path() / "rootfs"));
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(second.key, first.key);
  EXPECT_TRUE(std::filesystem::is_directory(std::filesystem::path(SANDCHECK_TEST_SHARED_BASES) /
                                            ("claude-code-base-" + first.key)));
  auto binary = std::filesystem::path(kClaudeBinaryInImage).relative_path();
  struct stat one {};
  struct stat two {};
  ASSERT_EQ(::stat((first.tree / binary).c_str(), &one), 0);
  ASSERT_EQ(::stat((second.tree / binary).c_str(), &two), 0);
  EXPECT_EQ(one.st_ino, two.st_ino) << "the second base is a copy, not hard links";
  EXPECT_LT(took, std::chrono::seconds(20)) << "the second base was built, not cloned";
}

TEST_F(AgentOnRunc, HostClaudeExecutesAScriptedBashCallAndReturnsItsResult) {
  RequireRuntime(SubstrateKind::kOci, RuntimeKind::kRunc);  // root, for the image build
  if (IsSkipped()) return;
  auto claude = HostClaude();
  ASSERT_FALSE(claude.empty());
  ASSERT_OK_AND_ASSIGN(int fd, ListenOnLoopback());
  ASSERT_OK_AND_ASSIGN(
      auto server, ModelDouble::Start(fd, {ToolTurn("Bash", {{"command", "echo sandcheck-$((6*7))"},
                                                             {"description", "compute"}}),
                                           TextTurn("done")}));
  ASSERT_OK_AND_ASSIGN(TempDir home, TempDir::Create("sandcheck-claude-home-"));
  ProcessSpec spec;
  spec.argv = {claude.string(), "--print", "--dangerously-skip-permissions", "compute"};
  spec.env_overrides =
      AgentEnvironment(Deployment{}, fmt::format("http://127.0.0.1:{}", server->port()));
  spec.env_overrides["HOME"] = home.path().string();
  spec.env_overrides["CLAUDE_CONFIG_DIR"] = (home.path() / ".claude").string();
  spec.env_overrides["IS_SANDBOX"] = "1";  // this test runs as root, on purpose outside a sandbox
  spec.working_dir = home.path();
  spec.timeout = std::chrono::seconds(120);
  ASSERT_OK_AND_ASSIGN(ProcessOutcome outcome, RunProcess(spec));
  EXPECT_TRUE(outcome.Succeeded()) << outcome.DescribeEnd() << ": " << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("done"));
  bool returned = false;
  for (const auto& request : server->Requests()) {
    for (const auto& result : ToolResultsOf(request)) {
      if (result.tool_use_id == ToolUseId(0) &&
          result.content.find("sandcheck-42") != std::string::npos) {
        returned = true;
      }
    }
  }
  EXPECT_TRUE(returned) << "no request carried the Bash call's result";
}

TEST_F(AgentOnRunc, TheReferenceKeepsEveryAgentPromise) {
  RequireRuntime(SubstrateKind::kOci, RuntimeKind::kRunc);
  if (IsSkipped()) return;
  auto results = Run(Load(DeploymentFixture("reference-agent-runc.yaml")), IdsOf(Family::kAgent));
  for (const auto& [id, result] : results) {
    EXPECT_EQ(result.verdict, Verdict::kPass) << Describe(result);
  }
}

TEST_F(AgentOnRunc, BusyboxDeploymentsAreNotApplicable) {
  RequireRuntime(SubstrateKind::kOci, RuntimeKind::kRunc);
  if (IsSkipped()) return;
  Deployment deployment = Load(DeploymentFixture("reference-runc.yaml"));
  deployment.phases.push_back({Family::kAgent, Phase::kIsolation});
  auto results = Run(deployment, {"AGENT-001"});
  EXPECT_EQ(results["AGENT-001"].verdict, Verdict::kNotApplicable)
      << Describe(results["AGENT-001"]);
}

class AgentNegativeControl : public FamilyNegativeControl {};

TEST_P(AgentNegativeControl, MakesItsCheckFail) {
  auto deployment = Load(NegativeControl(GetParam().file));
  RequireRuntime(deployment.substrate, deployment.runtime);
  if (IsSkipped() || HasFatalFailure()) return;
  auto results = Run(deployment, {GetParam().check});
  EXPECT_EQ(results[GetParam().check].verdict, Verdict::kFail)
      << Describe(results[GetParam().check]);
}

INSTANTIATE_TEST_SUITE_P(Registry, AgentNegativeControl,
                         ::testing::ValuesIn(NegativeCases(Family::kAgent)), NegativeCaseName);

}  // namespace
}  // namespace sandcheck
