// A helper program the tests start directly, because it must outlive the call that starts it
// (RunProcess waits for its child), with its first line of output read under a deadline. The
// sweep tests use it to play a harness that gets killed with SIGKILL.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/timeouts.h"

extern char** environ;

namespace sandcheck {

struct SpawnedHelper {
  pid_t pid = -1;
  std::string line;  // its first line of output, newline included
};

// Kills and reaps the helper when no whole line arrived in time.
inline Result<SpawnedHelper> SpawnAndReadLine(std::vector<std::string> args, Duration timeout) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return Fail("pipe: {}", std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  SpawnedHelper helper;
  int spawned = posix_spawn(&helper.pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (spawned != 0) {
    ::close(out[0]);
    return Fail("spawn {}: {}", argv[0], std::strerror(spawned));
  }
  auto deadline = std::chrono::steady_clock::now() + timeout;
  char c = 0;
  while (helper.line.find('\n') == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd readable{out[0], POLLIN, 0};
    if (left.count() <= 0 || ::poll(&readable, 1, static_cast<int>(left.count())) <= 0 ||
        ::read(out[0], &c, 1) != 1) {
      break;
    }
    helper.line += c;
  }
  ::close(out[0]);
  if (helper.line.find('\n') == std::string::npos) {
    ::kill(helper.pid, SIGKILL);
    ::waitpid(helper.pid, nullptr, 0);
    return Fail("{} printed no line in time (got '{}')", args[0], helper.line);
  }
  return helper;
}

}  // namespace sandcheck
