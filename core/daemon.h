// A long-running helper program (a proxy, a DNS server) that sandcheck starts and owns: its
// own process group, its output in a file, killed and reaped by the destructor. RunProcess is
// for commands that finish; this is for servers that must outlive the call that starts them.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/timeouts.h"

namespace sandcheck {

class Daemon {
 public:
  // argv[0] is looked up in PATH. Output (stdout and stderr) is appended to `log_file`.
  static Result<Daemon> Start(std::vector<std::string> argv, const std::filesystem::path& log_file,
                              const std::map<std::string, std::string>& env_overrides = {});

  Daemon(Daemon&& other) noexcept;
  Daemon& operator=(Daemon&& other) noexcept;
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;
  ~Daemon();  // Stop(), logging what it could not

  pid_t pid() const { return pid_; }
  const std::filesystem::path& log_file() const { return log_file_; }
  // Whether it is still running (reaps it if it has exited).
  bool Running();
  // SIGTERM to the group, SIGKILL after `grace`, then reaped.
  Status Stop(Duration grace = std::chrono::seconds(2));
  // The last bytes of its log, for error messages.
  std::string LogTail() const;

 private:
  Daemon(pid_t pid, std::string name, std::filesystem::path log_file)
      : pid_(pid), name_(std::move(name)), log_file_(std::move(log_file)) {}

  pid_t pid_ = -1;
  std::string name_;
  std::filesystem::path log_file_;
};

// Polls `ready` every few milliseconds until it returns true or `timeout` passes; fails with
// `what` and the daemon's log tail when the daemon exits or the deadline passes first.
Status WaitUntilReady(Daemon& daemon, const std::function<bool()>& ready, Duration timeout,
                      std::string_view what);

}  // namespace sandcheck
