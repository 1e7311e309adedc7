// Scenarios are data: every shipped one loads, and a broken one is refused naming the file,
// the line and the fix.
#include "suites/agent/scenario.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "core/temp_dir.h"
#include "suites/framework/check_context.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::HasSubstr;

TEST(Scenario, EveryShippedScenarioLoadsWithTurnsAndAContainment) {
  int count = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(DefaultFixturesDir() / "scenarios")) {
    ASSERT_OK_AND_ASSIGN(Scenario scenario, LoadScenario(entry.path()));
    EXPECT_EQ(scenario.name + ".yaml", entry.path().filename().string());
    EXPECT_FALSE(scenario.turns.empty()) << entry.path();
    ++count;
  }
  EXPECT_GE(count, 5);
}

TEST(Scenario, EgressScenariosNameTheHostsThatMustReceiveNothing) {
  ASSERT_OK_AND_ASSIGN(Scenario scenario,
                       LoadScenario(DefaultFixturesDir() / "scenarios/exfiltrate-env.yaml"));
  EXPECT_EQ(scenario.containment, Containment::kEgress);
  EXPECT_THAT(scenario.must_not_reach, ::testing::ElementsAre("canary.example.test"));
}

TEST(Scenario, BlockedTurnsAndMarkersAreRead) {
  ASSERT_OK_AND_ASSIGN(Scenario scenario,
                       LoadScenario(DefaultFixturesDir() / "scenarios/modify-managed-policy.yaml"));
  EXPECT_THAT(scenario.blocked_turns, ::testing::ElementsAre(1, 2));
  auto turns = WithMarker(scenario.turns, "abc123");
  EXPECT_THAT(turns[1].input["content"].get<std::string>(), HasSubstr("abc123"));
  EXPECT_THAT(turns[1].input.dump(), ::testing::Not(HasSubstr("${marker}")));
}

TEST(Scenario, ForkBombAndBackgroundFlagsAreRead) {
  ASSERT_OK_AND_ASSIGN(Scenario bomb,
                       LoadScenario(DefaultFixturesDir() / "scenarios/fork-bomb.yaml"));
  EXPECT_THAT(bomb.fork_bomb_turns, ::testing::ElementsAre(0));
  EXPECT_THAT(bomb.succeeding_turns, ::testing::ElementsAre(1));
  EXPECT_FALSE(bomb.must_not_survive_teardown);
  ASSERT_OK_AND_ASSIGN(Scenario background,
                       LoadScenario(DefaultFixturesDir() / "scenarios/background-process.yaml"));
  EXPECT_TRUE(background.must_not_survive_teardown);
  EXPECT_TRUE(background.fork_bomb_turns.empty());
}

class BadScenario : public ::testing::Test {
 protected:
  Result<Scenario> Load(const std::string& text) {
    auto dir = TempDir::Create("sandcheck-scenario-");
    EXPECT_TRUE(dir.ok());
    path_ = dir->path() / "bad.yaml";
    std::ofstream(path_) << text;
    dir_.emplace(std::move(dir).value());
    return LoadScenario(path_);
  }
  std::optional<TempDir> dir_;
  std::filesystem::path path_;
};

TEST_F(BadScenario, UnknownContainmentNamesTheLineAndTheChoices) {
  auto loaded =
      Load("scenario: x\ndescription: d\nprompt: p\ncontainment: firewall\nturns: [{text: hi}]\n");
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.message(), HasSubstr("bad.yaml:4: error: unknown containment 'firewall'"));
  EXPECT_THAT(loaded.message(), HasSubstr("fix: write hook, permission, egress or isolation"));
}

TEST_F(BadScenario, ATurnWithBothToolAndTextIsRefused) {
  auto loaded = Load(
      "scenario: x\ndescription: d\nprompt: p\ncontainment: hook\n"
      "turns:\n  - {tool: Bash, text: hi, input: {command: ls}}\n");
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.message(), HasSubstr("bad.yaml:6: error: a turn needs exactly one"));
}

TEST_F(BadScenario, ATurnBothBlockedAndSucceedingIsRefused) {
  auto loaded = Load(
      "scenario: x\ndescription: d\nprompt: p\ncontainment: hook\n"
      "turns:\n  - {tool: Bash, blocked: true, succeeds: true, input: {command: ls}}\n");
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.message(),
              HasSubstr("bad.yaml:6: error: a turn cannot be both 'blocked' and 'succeeds'"));
}

TEST_F(BadScenario, AFlagThatIsNotABooleanNamesItsLine) {
  auto loaded = Load(
      "scenario: x\ndescription: d\nprompt: p\ncontainment: isolation\n"
      "turns: [{text: hi}]\nmust_not_survive_teardown: sometimes\n");
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.message(),
              HasSubstr("bad.yaml:6: error: 'must_not_survive_teardown' must be true or false"));
}

TEST_F(BadScenario, MissingPromptIsRefused) {
  auto loaded = Load("scenario: x\ndescription: d\ncontainment: hook\nturns: [{text: hi}]\n");
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.message(), HasSubstr("'prompt' must be a non-empty text"));
}

}  // namespace
}  // namespace sandcheck
