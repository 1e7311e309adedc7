#include "suites/hooks/hook_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sandcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(PathsOfCommand, AScriptByAbsolutePath) {
  CommandPaths paths = PathsOfCommand("/etc/claude-code/hooks/validate-bash.sh");
  EXPECT_THAT(paths.absolute, ElementsAre("/etc/claude-code/hooks/validate-bash.sh"));
  EXPECT_THAT(paths.problems, IsEmpty());
}

TEST(PathsOfCommand, InterpreterAndScriptBothCount) {
  CommandPaths paths = PathsOfCommand("/bin/sh '/opt/hooks/check.sh' --strict");
  EXPECT_THAT(paths.absolute, ElementsAre("/bin/sh", "/opt/hooks/check.sh"));
  EXPECT_THAT(paths.problems, IsEmpty());
}

TEST(PathsOfCommand, ProgramsFoundThroughPathAreProblems) {
  CommandPaths paths = PathsOfCommand("python3 /opt/hooks/check.py");
  EXPECT_THAT(paths.absolute, ElementsAre("/opt/hooks/check.py"));
  ASSERT_EQ(paths.problems.size(), 1u);
  EXPECT_THAT(paths.problems[0], HasSubstr("'python3' is found through PATH"));
}

TEST(PathsOfCommand, VariablesAreProblems) {
  CommandPaths paths = PathsOfCommand("\"$CLAUDE_PROJECT_DIR\"/.claude/hooks/x.sh");
  EXPECT_THAT(paths.absolute, IsEmpty());
  ASSERT_EQ(paths.problems.size(), 1u);
  EXPECT_THAT(paths.problems[0], HasSubstr("depends on a variable"));
}

TEST(PathsOfCommand, AnEmptyCommandNamesNothing) {
  EXPECT_THAT(PathsOfCommand("  ").problems, ElementsAre("the command names no program"));
}

TEST(AncestorDirectories, WalksUpToRoot) {
  EXPECT_THAT(AncestorDirectories("/etc/claude-code/hooks/x.sh"),
              ElementsAre("/etc/claude-code/hooks", "/etc/claude-code", "/etc", "/"));
  EXPECT_THAT(AncestorDirectories("/x"), ElementsAre("/"));
}

}  // namespace
}  // namespace sandcheck
