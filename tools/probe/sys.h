// Small system helpers shared by the sections: bounded file reads, errno-as-evidence JSON,
// and running an attempt in a child process with a deadline so nothing it does (a namespace,
// a mount, a trace) outlives it and a hang cannot stall the probe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tools/probe/options.h"

namespace sandcheck::probe {

using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

int64_t ElapsedMs(Clock::time_point start);

struct FileContent {
  std::string data;
  int error = 0;  // errno of open/read; 0 on success
  bool truncated = false;
};
// Reads up to `max_bytes` of `path` (which may be a /proc file of unknown size).
FileContent ReadFileBounded(const std::string& path, size_t max_bytes = 1 << 20);

// Whether a readdir entry (its full path and d_type) is a directory, not following symlinks;
// asks lstat when the filesystem does not fill d_type.
bool IsDirectoryEntry(const std::string& path, unsigned char d_type);

// {"ok": error == 0, "errno": error, "error": "EROFS" or null}: how every attempt reports.
Json AttemptJson(int error);
// "EROFS" for an errno, null for 0.
Json ErrorNameJson(int error);

// Call once before any RunChild: blocks SIGCHLD (with a no-op handler so it is queued, not
// discarded) so RunChild can wait for a child with a deadline using sigtimedwait.
void PrepareChildWaits();

struct ChildEnd {
  int fork_errno = 0;  // fork failed: the attempt never started
  bool exited = false;
  int exit_code = -1;  // when exited
  int signal = 0;      // when killed by a signal (including our kill on timeout)
  bool timed_out = false;
  int64_t elapsed_ms = 0;
};

// Forks; the child becomes a session leader (no controlling terminal, own process group),
// runs `body` and exits with its return value. Past `timeout` the whole group is killed.
// Always reaps the child before returning.
ChildEnd RunChild(const std::function<int()>& body, Millis timeout);

// For bodies that return an errno: {"ok", "errno", "error", "signal", "timed_out"}. A child
// killed by a signal (e.g. SIGSYS from a seccomp kill filter) has errno null and its signal;
// when fork itself failed, "fork_error" names its errno.
Json ChildAttemptJson(const ChildEnd& end);

struct ProgramEnd {
  int exec_errno = 0;  // execve failed with this errno: the program never ran
  ChildEnd child;
  std::string stderr_head;  // the first bytes the program wrote to stderr, for humans
};
// Runs a program (absolute path) with stdin and stdout on /dev/null, stderr captured, and an
// environment of only a standard PATH (the probe's own environment may hold secrets).
ProgramEnd RunProgram(const std::vector<std::string>& argv, Millis timeout);

}  // namespace sandcheck::probe
