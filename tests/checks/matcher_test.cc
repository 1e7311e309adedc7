#include "suites/hooks/matcher.h"

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace sandcheck {
namespace {

bool Fires(std::string_view matcher, std::string_view tool) {
  auto result = MatcherMatches(matcher, tool);
  EXPECT_TRUE(result.ok()) << result.message();
  return result.ok() && *result;
}

TEST(MatcherMatches, EmptyAndStarMatchEveryTool) {
  EXPECT_TRUE(Fires("", "Write"));
  EXPECT_TRUE(Fires("*", "mcp__memory__store"));
}

TEST(MatcherMatches, PlainNamesMatchExactly) {
  EXPECT_TRUE(Fires("Bash", "Bash"));
  EXPECT_FALSE(Fires("Bash", "BashOutput"));
  EXPECT_FALSE(Fires("Bash", "bash"));
  EXPECT_FALSE(Fires("Edit", "MultiEdit"));
}

TEST(MatcherMatches, BarSeparatesExactNames) {
  EXPECT_TRUE(Fires("Edit|Write", "Write"));
  EXPECT_TRUE(Fires("Edit|Write", "Edit"));
  EXPECT_FALSE(Fires("Edit|Write", "MultiEdit"));
  EXPECT_FALSE(Fires("Edit|Write", "Bash"));
}

TEST(MatcherMatches, OtherCharactersMakeAnUnanchoredRegex) {
  EXPECT_TRUE(Fires("^Notebook", "NotebookEdit"));
  EXPECT_TRUE(Fires("mcp__memory__.*", "mcp__memory__store"));
  EXPECT_TRUE(Fires(".*Edit", "MultiEdit"));
  EXPECT_TRUE(Fires("Edit.*", "MultiEdit"));  // unanchored: finds "Edit" inside
  EXPECT_FALSE(Fires("^Edit$", "MultiEdit"));
}

TEST(MatcherMatches, PermissionRuleSyntaxMatchesNoTool) {
  // "Bash(git *)" belongs in a handler's "if", not in a matcher: as a regex it never matches.
  EXPECT_FALSE(Fires("Bash(git *)", "Bash"));
}

TEST(MatcherMatches, BrokenRegexIsAnError) { EXPECT_FALSE(MatcherMatches("Edit[", "Edit").ok()); }

}  // namespace
}  // namespace sandcheck
