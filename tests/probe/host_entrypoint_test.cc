// The probe's init as seed 003's entrypoint, run on the host: it writes the credential it was
// handed, and whatever it execs next (a command, or itself as the idle init) no longer holds
// the variable, in its environment nor in /proc/<pid>/environ.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "core/fs_util.h"
#include "tests/probe/probe_test_util.h"
#include "tests/test_util.h"

namespace sandcheck::probe_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSecret[] = "sk-ant-oat01-sandcheck-entrypoint-test";

ProcessSpec Entrypoint(const std::filesystem::path& credentials,
                       const std::vector<std::string>& command) {
  ProcessSpec spec;
  spec.argv = {ProbePath().string(),
               "init",
               "--unset",
               "SC_SECRET",
               "--credentials-file",
               credentials.string(),
               "--credentials-from",
               "SC_SECRET",
               "--"};
  spec.argv.insert(spec.argv.end(), command.begin(), command.end());
  spec.env_overrides = {{"SC_SECRET", kSecret}, {"SC_KEEP", "kept"}};
  spec.timeout = std::chrono::seconds(10);
  return spec;
}

TEST(HostEntrypointTest, WritesTheCredentialAndExecsTheCommandWithoutIt) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-entrypoint-"));
  auto credentials = dir.path() / ".claude" / ".credentials.json";
  ASSERT_OK_AND_ASSIGN(ProcessOutcome outcome,
                       RunProcess(Entrypoint(credentials, {"/bin/sh", "-c", "env; echo done"})));
  ASSERT_TRUE(outcome.Succeeded()) << outcome.DescribeEnd() << ": " << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("SC_KEEP=kept"));
  EXPECT_THAT(outcome.out, HasSubstr("done"));
  EXPECT_THAT(outcome.out, Not(HasSubstr("SC_SECRET")));
  EXPECT_THAT(outcome.out, Not(HasSubstr(kSecret)));

  ASSERT_OK_AND_ASSIGN(std::string content, ReadFile(credentials));
  EXPECT_EQ(nlohmann::json::parse(content)["claudeAiOauth"]["accessToken"], kSecret);
  struct stat file = {};
  ASSERT_EQ(::stat(credentials.c_str(), &file), 0);
  EXPECT_EQ(file.st_mode & 07777, 0600u);
  struct stat directory = {};
  ASSERT_EQ(::stat(credentials.parent_path().c_str(), &directory), 0);
  EXPECT_EQ(directory.st_mode & 07777, 0700u);
}

TEST(HostEntrypointTest, KeepsACredentialsFileFromAnEarlierRun) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-entrypoint-"));
  auto credentials = dir.path() / ".credentials.json";
  ASSERT_OK(WriteFile(credentials, "refreshed", 0600));
  ASSERT_OK_AND_ASSIGN(ProcessOutcome outcome, RunProcess(Entrypoint(credentials, {"/bin/true"})));
  ASSERT_TRUE(outcome.Succeeded()) << outcome.DescribeEnd() << ": " << outcome.err;
  ASSERT_OK_AND_ASSIGN(std::string content, ReadFile(credentials));
  EXPECT_EQ(content, "refreshed");
}

TEST(HostEntrypointTest, AMissingCredentialWritesNothingButStillExecs) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-entrypoint-"));
  auto credentials = dir.path() / ".credentials.json";
  ProcessSpec spec = Entrypoint(credentials, {"/bin/true"});
  spec.env_overrides.erase("SC_SECRET");
  ::unsetenv("SC_SECRET");  // not inherited from the test's own environment either
  ASSERT_OK_AND_ASSIGN(ProcessOutcome outcome, RunProcess(spec));
  EXPECT_TRUE(outcome.Succeeded()) << outcome.DescribeEnd() << ": " << outcome.err;
  EXPECT_THAT(outcome.err, HasSubstr("SC_SECRET is not set"));
  EXPECT_FALSE(std::filesystem::exists(credentials));
}

TEST(HostEntrypointTest, ACommandThatCannotRunExits127) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-entrypoint-"));
  ASSERT_OK_AND_ASSIGN(ProcessOutcome outcome,
                       RunProcess(Entrypoint(dir.path() / "c.json", {"/nonexistent/agent"})));
  EXPECT_EQ(outcome.exit_code, 127);
  EXPECT_THAT(outcome.err, HasSubstr("exec /nonexistent/agent"));
}

std::string ProcFile(pid_t pid, const char* name) {
  auto content = ReadFile(std::filesystem::path("/proc") / std::to_string(pid) / name);
  return content.ok() ? *content : std::string();
}

// Reads `fd` until `text` has been read or the deadline passes; what was read.
std::string ReadUntil(int fd, std::string_view text, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string read;
  while (read.find(text) == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd readable = {fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&readable, 1, static_cast<int>(left.count())) <= 0) break;
    char buffer[512];
    ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n <= 0) break;
    read.append(buffer, static_cast<size_t>(n));
  }
  return read;
}

// Without a command the entrypoint re-execs itself as the idle init: the same pid, a new
// image, and an environ without the secret.
TEST(HostEntrypointTest, ReExecsAsTheIdleInitWithAFreshEnviron) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-entrypoint-"));
  std::string path = ProbePath().string();
  std::string credentials = (dir.path() / ".credentials.json").string();
  std::vector<std::string> args = {path,
                                   "init",
                                   "--unset",
                                   "SC_SECRET",
                                   "--credentials-file",
                                   credentials,
                                   "--credentials-from",
                                   "SC_SECRET"};
  std::vector<std::string> env = {std::string("SC_SECRET=") + kSecret, "SC_KEEP=kept"};
  std::vector<char*> argv, envp;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  for (auto& entry : env) envp.push_back(entry.data());
  envp.push_back(nullptr);
  int stderr_pipe[2];
  ASSERT_EQ(::pipe2(stderr_pipe, O_CLOEXEC), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, stderr_pipe[1], STDERR_FILENO);
  pid_t pid = 0;
  int spawned = ::posix_spawn(&pid, path.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  ::close(stderr_pipe[1]);
  ASSERT_EQ(spawned, 0);

  // The idle init says so once its signal handling is in place, after the re-exec.
  std::string said =
      ReadUntil(stderr_pipe[0], "sandcheck-probe init: ready\n", std::chrono::seconds(5));
  ::close(stderr_pipe[0]);
  std::string cmdline = ProcFile(pid, "cmdline");
  std::string environ_now = ProcFile(pid, "environ");
  ::kill(pid, SIGTERM);
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  pid_t reaped = 0;
  while ((reaped = ::waitpid(pid, &status, WNOHANG)) == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (reaped == 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    FAIL() << "the re-exec'ed init did not exit within 5 s of SIGTERM";
  }

  ASSERT_THAT(said, HasSubstr("sandcheck-probe init: ready\n")) << "not ready within 5 s";
  EXPECT_EQ(cmdline, path + std::string("\0init\0", 6)) << "the same pid runs the idle init";
  EXPECT_THAT(environ_now, HasSubstr("SC_KEEP=kept"));
  EXPECT_THAT(environ_now, Not(HasSubstr(kSecret)));
  EXPECT_TRUE(std::filesystem::exists(credentials));
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace sandcheck::probe_test
