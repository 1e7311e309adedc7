// The process that holds a sandbox `sandcheck up` brought up. Holding the lease in a live
// process keeps the run lock held, so no sweep removes the sandbox while it is up (and, on a
// `network: world` deployment, keeps the world's in-process hosts alive); a holder killed by
// SIGKILL leaves a run whose lock is free, which the next sweep removes as dead.
// `up --detach` runs the holder in the background, in its own session with its output in a log
// file, and returns once it reports the sandbox ready.
// Each holder is recorded in <state-dir>/up/<name>.pid: its pid, then "detached" for one that
// `sandcheck sweep --detached` may stop.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "core/result.h"
#include "core/timeouts.h"

namespace sandcheck::cli {

std::filesystem::path HolderDir(const std::filesystem::path& state_dir);
// The holder's record of `name`, and a detached holder's log, beside it.
std::filesystem::path HolderPidFile(const std::filesystem::path& state_dir,
                                    const std::string& name);
std::filesystem::path HolderLogFile(const std::filesystem::path& state_dir,
                                    const std::string& name);

// Records this process as the holder of `name`.
Status RecordHolder(const std::filesystem::path& state_dir, const std::string& name, bool detached);

// Whether a live `sandcheck up` holds `name`.
bool HolderLives(const std::filesystem::path& state_dir, const std::string& name);

// Signals the holder of `name` to destroy its sandbox and waits until it has.
Status StopHolder(const std::filesystem::path& state_dir, const std::string& name,
                  Duration deadline);

// The names of sandboxes that live detached holders keep; records of dead holders are removed.
std::vector<std::string> DetachedHolders(const std::filesystem::path& state_dir);

// Where a holder tells the command line how bringing the sandbox up went: straight to this
// process's stdout and stderr, or, for a detached holder, over a pipe to the parent that waits.
class HolderReport {
 public:
  static HolderReport Foreground() { return HolderReport(-1, {}); }
  // Forks. The parent relays the child's report and gets the exit code it must exit with; the
  // child gets its report, in a new session, stdin and stdout on /dev/null and stderr appended
  // to `log_file`. No thread may have started before this is called.
  static std::variant<int, HolderReport> Detach(const std::filesystem::path& log_file);

  HolderReport(HolderReport&& other) noexcept
      : fd_(other.fd_), log_file_(std::move(other.log_file_)) {
    other.fd_ = -1;
  }
  HolderReport(const HolderReport&) = delete;
  ~HolderReport();

  bool detached() const { return !log_file_.empty(); }
  // Where a detached holder's stderr goes.
  const std::filesystem::path& log_file() const { return log_file_; }
  // `out` goes to stdout (the sandbox's name), `err` to stderr; the parent of a detached holder
  // exits with `exit_code`. Called once; later messages go to this process's stderr.
  void Send(int exit_code, const std::string& out, const std::string& err);

 private:
  HolderReport(int fd, std::filesystem::path log_file) : fd_(fd), log_file_(std::move(log_file)) {}
  int fd_;  // the pipe to a waiting parent, until the report is sent
  std::filesystem::path log_file_;
};

}  // namespace sandcheck::cli
