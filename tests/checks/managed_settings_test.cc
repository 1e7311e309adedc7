#include "suites/hooks/managed_settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/checks/host_hooks.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(ParseManagedSettings, ReadsTheReferenceSettings) {
  std::ifstream file(testing_support::Fixtures() / "hooks" / "managed-settings.json");
  std::stringstream text;
  text << file.rdbuf();
  ASSERT_OK_AND_ASSIGN(ManagedSettings settings, ParseManagedSettings(text.str()));
  ASSERT_EQ(settings.PreToolUse().size(), 1u);
  const MatcherGroup& group = settings.PreToolUse()[0];
  EXPECT_EQ(group.matcher, "Bash|Write|Edit|MultiEdit|NotebookEdit");
  ASSERT_EQ(group.handlers.size(), 1u);
  EXPECT_EQ(group.handlers[0].type, "command");
  EXPECT_EQ(group.handlers[0].command, "/etc/claude-code/hooks/validate-bash.sh");
  EXPECT_FALSE(settings.all_hooks_disabled);
}

TEST(ParseManagedSettings, CollectsCommandsOfEveryEventOnce) {
  ASSERT_OK_AND_ASSIGN(ManagedSettings settings, ParseManagedSettings(R"json({"hooks": {
      "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "/a.sh"},
                                                    {"type": "http", "url": "http://127.0.0.1/"}]},
                     {"hooks": [{"type": "command", "command": "/a.sh", "timeout": 5,
                                 "if": "Bash(git *)"}]}],
      "PostToolUse": [{"matcher": "*", "hooks": [{"type": "command", "command": "/log.sh"}]}]}})json"));
  EXPECT_THAT(settings.Commands(), ElementsAre("/log.sh", "/a.sh"));
  ASSERT_EQ(settings.PreToolUse().size(), 2u);
  EXPECT_EQ(settings.PreToolUse()[1].matcher, "");
  EXPECT_EQ(settings.PreToolUse()[1].handlers[0].timeout_seconds, 5);
  EXPECT_EQ(settings.PreToolUse()[1].handlers[0].condition, "Bash(git *)");
}

TEST(ParseManagedSettings, SettingsWithoutHooksHaveNone) {
  ASSERT_OK_AND_ASSIGN(
      ManagedSettings settings,
      ParseManagedSettings(R"json({"permissions": {"deny": ["Bash(sudo:*)"]}})json"));
  EXPECT_THAT(settings.PreToolUse(), IsEmpty());
  EXPECT_THAT(settings.Commands(), IsEmpty());
}

TEST(ParseManagedSettings, NoticesDisableAllHooks) {
  ASSERT_OK_AND_ASSIGN(ManagedSettings settings,
                       ParseManagedSettings(R"({"disableAllHooks": true})"));
  EXPECT_TRUE(settings.all_hooks_disabled);
}

TEST(ParseManagedSettings, RejectsWhatClaudeCodeCouldNotLoad) {
  EXPECT_THAT(ParseManagedSettings(R"({"hooks": {},})").message(), HasSubstr("not a JSON object"));
  EXPECT_FALSE(ParseManagedSettings("[]").ok());
  EXPECT_THAT(ParseManagedSettings(R"({"hooks": {"PreToolUse": {}}})").message(),
              HasSubstr("hooks.PreToolUse"));
  EXPECT_THAT(ParseManagedSettings(R"({"hooks": {"PreToolUse": [{"matcher": "Bash"}]}})").message(),
              HasSubstr("needs a \"hooks\" array"));
  EXPECT_THAT(
      ParseManagedSettings(R"({"hooks": {"PreToolUse": [{"hooks": [{"type": "command"}]}]}})")
          .message(),
      HasSubstr("hooks.PreToolUse[0].hooks[0]"));
}

}  // namespace
}  // namespace sandcheck
