#include "core/process.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <thread>

#include "core/temp_dir.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::HasSubstr;

ProcessSpec Shell(const std::string& script, Duration timeout = std::chrono::seconds(10)) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", script};
  spec.timeout = timeout;
  return spec;
}

// True when `pid` exists and is not a zombie.
bool IsRunning(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  auto state_at = line.rfind(')') + 2;
  return state_at < line.size() && line[state_at] != 'Z' && line[state_at] != 'X';
}

TEST(RunProcess, CapturesStdoutStderrAndExitCode) {
  ASSERT_OK_AND_ASSIGN(auto outcome, RunProcess(Shell("echo out; echo err >&2; exit 3")));
  EXPECT_EQ(outcome.out, "out\n");
  EXPECT_EQ(outcome.err, "err\n");
  EXPECT_EQ(outcome.exit_code, 3);
  EXPECT_FALSE(outcome.timed_out);
  EXPECT_FALSE(outcome.Succeeded());
}

TEST(RunProcess, FeedsStdin) {
  auto spec = Shell("cat");
  spec.stdin_data = "hello through stdin";
  ASSERT_OK_AND_ASSIGN(auto outcome, RunProcess(spec));
  EXPECT_EQ(outcome.out, "hello through stdin");
}

TEST(RunProcess, ReportsTheSignalThatEndedTheChild) {
  ASSERT_OK_AND_ASSIGN(auto outcome, RunProcess(Shell("kill -9 $$")));
  EXPECT_TRUE(outcome.signaled);
  EXPECT_EQ(outcome.term_signal, SIGKILL);
}

TEST(RunProcess, KillsTheWholeGroupAtTheDeadline) {
  // The grandchild holds stdout open; without a group kill the read would never end.
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-process-test-"));
  auto pid_file = dir.path() / "grandchild.pid";
  auto spec =
      Shell("sleep 30 & echo $! > " + pid_file.string() + "; wait", std::chrono::milliseconds(300));
  ASSERT_OK_AND_ASSIGN(auto outcome, RunProcess(spec));
  EXPECT_TRUE(outcome.timed_out);
  EXPECT_LT(outcome.elapsed, std::chrono::seconds(5));
  pid_t grandchild = 0;
  std::ifstream(pid_file) >> grandchild;
  ASSERT_GT(grandchild, 0);
  // Killed with the group. It was reparented to init, which may leave it a zombie: only a
  // process still running counts as surviving. SIGKILL is delivered when it is next scheduled.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (IsRunning(grandchild) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_FALSE(IsRunning(grandchild)) << "grandchild " << grandchild << " survived the deadline";
}

TEST(RunProcess, WritesOutputToAFileWhenAsked) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-process-test-"));
  auto path = dir.path() / "stdout";
  auto spec = Shell("echo to-file");
  spec.stdout_sink = OutputSink::File(path);
  ASSERT_OK_AND_ASSIGN(auto outcome, RunProcess(spec));
  EXPECT_EQ(outcome.out, "");
  std::string content;
  std::getline(std::ifstream(path), content);
  EXPECT_EQ(content, "to-file");
}

TEST(RunProcess, AppliesEnvironmentOverrides) {
  auto spec = Shell("printf %s \"$SANDCHECK_TEST_VAR\"");
  spec.env_overrides["SANDCHECK_TEST_VAR"] = "value-42";
  ASSERT_OK_AND_ASSIGN(auto outcome, RunProcess(spec));
  EXPECT_EQ(outcome.out, "value-42");
}

TEST(RunProcess, MissingProgramIsAnErrorNamingIt) {
  ProcessSpec spec;
  spec.argv = {"sandcheck-no-such-program", "--flag"};
  auto outcome = RunProcess(spec);
  ASSERT_FALSE(outcome.ok());
  EXPECT_THAT(outcome.message(), HasSubstr("sandcheck-no-such-program"));
}

TEST(RunChecked, NonZeroExitNamesCommandAndStderrTail) {
  auto outcome = RunChecked(Shell("echo 'bundle is broken' >&2; exit 1"));
  ASSERT_FALSE(outcome.ok());
  EXPECT_THAT(outcome.message(), HasSubstr("/bin/sh -c"));
  EXPECT_THAT(outcome.message(), HasSubstr("exit 1: bundle is broken"));
}

TEST(CommandLine, QuotesArgumentsWithSpaces) {
  EXPECT_EQ(CommandLine({"runc", "exec", "a b"}), "runc exec 'a b'");
}

}  // namespace
}  // namespace sandcheck
