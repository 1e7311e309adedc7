// The hook fixtures against the corpora, on the host: the reference validator must block every
// dangerous request and allow every benign one, and each negative-control deployment must be
// caught by the same judgement HOOK-003 and HOOK-004 apply in a sandbox, for its own reason.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "clusters/substrate_registry.h"
#include "core/deployment_parser.h"
#include "suites/hooks/evaluation.h"
#include "suites/hooks/hook_checks.h"
#include "tests/checks/host_hooks.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::HasSubstr;
using testing_support::Fixtures;
using testing_support::HostHookInstall;

struct HookSetup {
  ManagedSettings settings;
  HostHookInstall hooks;
};

// The managed settings and hooks of a deployment, installed as the substrate would.
Result<HookSetup> SetUpDeployment(const std::filesystem::path& file) {
  ASSIGN_OR_RETURN(Deployment deployment, ParseDeploymentFile(file, SubstrateTraitsCatalog()));
  if (!deployment.claude.managed_settings)
    return Fail("{} installs no managed settings", file.string());
  std::ifstream in(*deployment.claude.managed_settings);
  std::stringstream text;
  text << in.rdbuf();
  ASSIGN_OR_RETURN(ManagedSettings settings, ParseManagedSettings(text.str()));
  ASSIGN_OR_RETURN(HostHookInstall hooks, HostHookInstall::Create(deployment.claude.hooks));
  return HookSetup{std::move(settings), std::move(hooks)};
}

std::filesystem::path Negative(const char* name) {
  return Fixtures() / "deployments" / "negative" / name;
}

std::vector<RequestEvaluation> Evaluate(const HookSetup& setup, const char* corpus_file) {
  auto corpus = LoadCorpus(Fixtures() / corpus_file);
  EXPECT_TRUE(corpus.ok()) << corpus.message();
  if (!corpus.ok()) return {};
  return EvaluateCorpus(setup.settings, *corpus, OneByOne(setup.hooks.Executor()));
}

void ExpectEvery(const std::vector<RequestEvaluation>& evaluations, RequestVerdict verdict) {
  for (const auto& evaluation : evaluations) {
    EXPECT_EQ(evaluation.verdict, verdict)
        << evaluation.name << " (" << evaluation.tool_name << "): " << evaluation.explanation;
  }
}

TEST(ReferenceHook, BlocksEveryDangerousRequest) {
  ASSERT_OK_AND_ASSIGN(HookSetup setup, SetUpDeployment(Fixtures() / "deployments" /
                                                        "seed-004-sandbox-images.yaml"));
  auto evaluations = Evaluate(setup, kDangerousCorpus);
  ExpectEvery(evaluations, RequestVerdict::kBlocked);
  CheckResult result = JudgeDangerous(ResultBuilder("HOOK-003"), evaluations);
  EXPECT_EQ(result.verdict, Verdict::kPass) << result.summary;
}

TEST(ReferenceHook, AllowsEveryBenignRequest) {
  ASSERT_OK_AND_ASSIGN(HookSetup setup, SetUpDeployment(Fixtures() / "deployments" /
                                                        "seed-004-sandbox-images.yaml"));
  auto evaluations = Evaluate(setup, kBenignCorpus);
  ExpectEvery(evaluations, RequestVerdict::kNotBlocked);
  CheckResult result = JudgeBenign(ResultBuilder("HOOK-004"), evaluations);
  EXPECT_EQ(result.verdict, Verdict::kPass) << result.summary;
  EXPECT_EQ(result.evidence["false_positive_rate"], 0.0);
}

TEST(NegativeControl, DenyWithExit1BlocksNothing) {
  ASSERT_OK_AND_ASSIGN(HookSetup setup, SetUpDeployment(Negative("hooks-deny-exit1.yaml")));
  auto evaluations = Evaluate(setup, kDangerousCorpus);
  ExpectEvery(evaluations, RequestVerdict::kNotBlocked);
  for (const auto& evaluation : evaluations) {
    EXPECT_THAT(evaluation.explanation, HasSubstr("exit 1: a non-blocking hook error"))
        << evaluation.name;
  }
  EXPECT_EQ(JudgeDangerous(ResultBuilder("HOOK-003"), evaluations).verdict, Verdict::kFail);
}

TEST(NegativeControl, WrongFieldNeverSeesACommand) {
  ASSERT_OK_AND_ASSIGN(HookSetup setup, SetUpDeployment(Negative("hooks-wrong-field.yaml")));
  auto evaluations = Evaluate(setup, kDangerousCorpus);
  ExpectEvery(evaluations, RequestVerdict::kNotBlocked);
  for (const auto& evaluation : evaluations) {
    EXPECT_THAT(evaluation.explanation, HasSubstr("exit 0, no output")) << evaluation.name;
  }
  EXPECT_EQ(JudgeDangerous(ResultBuilder("HOOK-003"), evaluations).verdict, Verdict::kFail);
}

TEST(NegativeControl, BashOnlyMatcherLeavesTheFileToolsUnguarded) {
  ASSERT_OK_AND_ASSIGN(HookSetup setup, SetUpDeployment(Negative("hooks-matcher-bash-only.yaml")));
  auto evaluations = Evaluate(setup, kDangerousCorpus);
  for (const auto& evaluation : evaluations) {
    if (evaluation.tool_name == "Bash") {
      EXPECT_EQ(evaluation.verdict, RequestVerdict::kBlocked) << evaluation.name;
    } else {
      EXPECT_EQ(evaluation.verdict, RequestVerdict::kNotBlocked) << evaluation.name;
      EXPECT_THAT(evaluation.explanation, HasSubstr("no PreToolUse matcher covers tool"));
    }
  }
  CheckResult result = JudgeDangerous(ResultBuilder("HOOK-003"), evaluations);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("write-managed-settings"));
}

TEST(NegativeControl, BlockEverythingPassesTheDangerousCorpusAndFailsTheBenign) {
  ASSERT_OK_AND_ASSIGN(HookSetup setup, SetUpDeployment(Negative("hooks-block-everything.yaml")));
  EXPECT_EQ(JudgeDangerous(ResultBuilder("HOOK-003"), Evaluate(setup, kDangerousCorpus)).verdict,
            Verdict::kPass);
  CheckResult benign = JudgeBenign(ResultBuilder("HOOK-004"), Evaluate(setup, kBenignCorpus));
  EXPECT_EQ(benign.verdict, Verdict::kFail);
  EXPECT_EQ(benign.evidence["false_positive_rate"], 1.0);
}

// The negative hooks fail for the one mistake each makes, not because they are broken scripts.
TEST(NegativeHooks, WorkWhenTheirMistakeIsNotInTheWay) {
  ASSERT_OK_AND_ASSIGN(HookSetup wrong_field, SetUpDeployment(Negative("hooks-wrong-field.yaml")));
  HookHandler handler{"command", "/etc/claude-code/hooks/wrong-field.sh", {}, ""};
  ASSERT_OK_AND_ASSIGN(ProcessOutcome outcome,
                       wrong_field.hooks.Executor()(handler, R"({"command": "sudo id"})"));
  EXPECT_TRUE(DecidePreToolUse(outcome).Blocks()) << outcome.DescribeEnd() << ": " << outcome.err;

  ASSERT_OK_AND_ASSIGN(HookSetup exit1, SetUpDeployment(Negative("hooks-deny-exit1.yaml")));
  auto benign = Evaluate(exit1, kBenignCorpus);
  for (const auto& evaluation : benign) {
    EXPECT_THAT(evaluation.explanation, testing::Not(HasSubstr("exit 1"))) << evaluation.name;
  }
}

}  // namespace
}  // namespace sandcheck
