// CRED-005's pure parts: which deployments take from the host's ~/.claude, and the judgement
// over a hook scan and the selected paths' stats.
#include "suites/credentials/claude_config_seed.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sandcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const std::filesystem::path kHostClaude = "/h/home/developer/.claude";

Deployment Binding(const std::string& source) {
  Deployment deployment;
  deployment.binds.push_back({source, "/home/agent/x", true});
  return deployment;
}

TEST(TakesFromHostClaude, APathInsideTheDirectoryOrOneHoldingItTakesFromIt) {
  EXPECT_TRUE(TakesFromHostClaude(Binding("/h/home/developer/.claude/CLAUDE.md"), kHostClaude));
  EXPECT_TRUE(TakesFromHostClaude(Binding("/h/home/developer/.claude"), kHostClaude));
  EXPECT_TRUE(TakesFromHostClaude(Binding("/h/home/developer"), kHostClaude));
  EXPECT_FALSE(TakesFromHostClaude(Binding("/h/home/developer/project"), kHostClaude));
  EXPECT_FALSE(TakesFromHostClaude(Binding("/h/home/developer/.claude-other"), kHostClaude));
  EXPECT_FALSE(TakesFromHostClaude(Deployment{}, kHostClaude));
}

std::map<std::string, StatFacts> Selected(bool skills_there) {
  std::map<std::string, StatFacts> selected;
  for (std::string_view path : {"CLAUDE.md", "skills", "agents", "commands"}) {
    selected["/home/agent/.claude/" + std::string(path)].exists = true;
  }
  if (!skills_there) {
    StatFacts& skills = selected["/home/agent/.claude/skills"];
    skills.exists = false;
    skills.error = "ENOENT";
  }
  return selected;
}

ScanReport Scan(bool hook_found) {
  ScanReport scan;
  scan.complete = true;
  if (hook_found) scan.hits.push_back({0, "/home/agent/.claude/settings.json", std::nullopt});
  return scan;
}

TEST(JudgeClaudeConfigSeed, TheSelectedPathsWithoutTheHookHold) {
  Judgement judgement = JudgeClaudeConfigSeed(Scan(false), Selected(true));
  EXPECT_THAT(judgement.problems, IsEmpty());
  EXPECT_THAT(judgement.inconclusive, IsEmpty());
  EXPECT_THAT(judgement.holds, HasSubstr("/home/agent/.claude/CLAUDE.md"));
}

TEST(JudgeClaudeConfigSeed, TheHostsHookAnywhereIsAProblem) {
  Judgement judgement = JudgeClaudeConfigSeed(Scan(true), Selected(true));
  EXPECT_THAT(judgement.problems,
              ElementsAre("the hook of the host's ~/.claude/settings.json is in the sandbox: "
                          "/home/agent/.claude/settings.json"));
}

TEST(JudgeClaudeConfigSeed, ASelectedPathMissingIsAProblem) {
  Judgement judgement = JudgeClaudeConfigSeed(Scan(false), Selected(false));
  EXPECT_THAT(judgement.problems,
              ElementsAre("/home/agent/.claude/skills of the host's ~/.claude did not reach the "
                          "sandbox"));
}

TEST(JudgeClaudeConfigSeed, AScanStoppedEarlyIsInconclusive) {
  ScanReport scan;
  scan.stopped_by = "time";
  Judgement judgement = JudgeClaudeConfigSeed(scan, Selected(true));
  EXPECT_THAT(judgement.problems, IsEmpty());
  EXPECT_THAT(judgement.inconclusive, ElementsAre(HasSubstr("stopped early (budget: time)")));
}

}  // namespace
}  // namespace sandcheck
