#include "tools/sandcheck/up_holder.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/fs_util.h"
#include "tools/sandcheck/command.h"

namespace sandcheck::cli {
namespace {

constexpr std::string_view kDetachedLine = "detached";

struct HolderRecord {
  pid_t pid = 0;
  bool detached = false;
};

HolderRecord ReadRecord(const std::filesystem::path& pid_file) {
  HolderRecord record;
  std::ifstream in(pid_file);
  std::string mode;
  in >> record.pid >> mode;
  record.detached = mode == kDetachedLine;
  return record;
}

// A live `sandcheck up`, not some process that took a dead holder's pid.
bool HolderAlive(pid_t pid) {
  if (pid <= 0 || ::kill(pid, 0) != 0) return false;
  auto cmdline = ReadFile(fmt::format("/proc/{}/cmdline", pid));  // fails once it has exited
  return cmdline.ok() && cmdline->find(std::string("\0up\0", 4)) != std::string::npos;
}

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    data.remove_prefix(static_cast<size_t>(written));
  }
  return true;
}

// The parent of a detached holder: prints what the child reported and returns its exit code.
int RelayReport(int fd, pid_t child, const std::filesystem::path& log_file) {
  std::string text;
  char buffer[4096];
  for (;;) {
    ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    text.append(buffer, static_cast<size_t>(got));
  }
  ::close(fd);
  auto report = nlohmann::json::parse(text, nullptr, false);
  if (report.is_discarded() || !report.is_object()) {
    int status = 0;
    ::waitpid(child, &status, WNOHANG);
    fmt::print(stderr,
               "sandcheck up: the detached holder (pid {}) ended before it reported; its log is "
               "{}\n",
               child, log_file.string());
    return kExitHarness;
  }
  fmt::print("{}", report.value("out", ""));
  fmt::print(stderr, "{}", report.value("err", ""));
  return report.value("exit", static_cast<int>(kExitHarness));
}

}  // namespace

std::filesystem::path HolderDir(const std::filesystem::path& state_dir) { return state_dir / "up"; }

std::filesystem::path HolderPidFile(const std::filesystem::path& state_dir,
                                    const std::string& name) {
  return HolderDir(state_dir) / (name + ".pid");
}

std::filesystem::path HolderLogFile(const std::filesystem::path& state_dir,
                                    const std::string& name) {
  return HolderDir(state_dir) / (name + ".log");
}

Status RecordHolder(const std::filesystem::path& state_dir, const std::string& name,
                    bool detached) {
  std::string record =
      fmt::format("{}\n{}", ::getpid(), detached ? fmt::format("{}\n", kDetachedLine) : "");
  return WriteFile(HolderPidFile(state_dir, name), record, 0644);
}

bool HolderLives(const std::filesystem::path& state_dir, const std::string& name) {
  return HolderAlive(ReadRecord(HolderPidFile(state_dir, name)).pid);
}

Status StopHolder(const std::filesystem::path& state_dir, const std::string& name,
                  Duration deadline) {
  auto pid_file = HolderPidFile(state_dir, name);
  HolderRecord holder = ReadRecord(pid_file);
  if (!HolderAlive(holder.pid)) return Status::Ok();
  ::kill(holder.pid, SIGTERM);
  auto until = std::chrono::steady_clock::now() + deadline;
  while (HolderAlive(holder.pid) && std::filesystem::exists(pid_file)) {
    if (std::chrono::steady_clock::now() > until) {
      return Fail("{} (pid {}) did not stop in time", name, holder.pid);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return Status::Ok();
}

std::vector<std::string> DetachedHolders(const std::filesystem::path& state_dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(HolderDir(state_dir), ec)) {
    if (entry.path().extension() != ".pid") continue;
    HolderRecord holder = ReadRecord(entry.path());
    if (!HolderAlive(holder.pid)) {  // dead: the sweep removes what it held
      std::filesystem::remove(entry.path(), ec);
      std::filesystem::remove(HolderLogFile(state_dir, entry.path().stem().string()), ec);
      continue;
    }
    if (holder.detached) names.push_back(entry.path().stem().string());
  }
  return names;
}

std::variant<int, HolderReport> HolderReport::Detach(const std::filesystem::path& log_file) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    fmt::print(stderr, "sandcheck up: pipe: {}\n", std::strerror(errno));
    return kExitHarness;
  }
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t child = ::fork();
  if (child < 0) {
    fmt::print(stderr, "sandcheck up: fork: {}\n", std::strerror(errno));
    return kExitHarness;
  }
  if (child > 0) {
    ::close(pipe_fds[1]);
    return RelayReport(pipe_fds[0], child, log_file);
  }
  ::close(pipe_fds[0]);
  ::setsid();
  // A parent interrupted while it waits must not take the holder with it: the report is lost,
  // the sandbox stays held and recorded.
  ::signal(SIGPIPE, SIG_IGN);
  // Nothing of the caller's may stay open: `name=$(sandcheck up --detach ...)` waits for EOF.
  int null = ::open("/dev/null", O_RDWR);
  int log = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  ::dup2(null, STDIN_FILENO);
  ::dup2(null, STDOUT_FILENO);
  ::dup2(log >= 0 ? log : null, STDERR_FILENO);
  if (log >= 0) ::close(log);
  ::close(null);
  return HolderReport(pipe_fds[1], log_file);
}

HolderReport::~HolderReport() {
  if (fd_ >= 0) ::close(fd_);
}

void HolderReport::Send(int exit_code, const std::string& out, const std::string& err) {
  if (fd_ < 0) {
    fmt::print("{}", out);
    fmt::print(stderr, "{}", err);
    std::fflush(stdout);
    return;
  }
  nlohmann::json report{{"exit", exit_code}, {"out", out}, {"err", err}};
  if (!WriteAll(fd_, report.dump())) fmt::print(stderr, "sandcheck up: report lost\n");
  fmt::print(stderr, "{}", err);  // into the holder's log as well
  ::close(fd_);
  fd_ = -1;
}

}  // namespace sandcheck::cli
