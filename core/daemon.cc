#include "core/daemon.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/process/search_path.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <thread>

#include "core/log.h"
#include "core/process.h"

extern char** environ;

namespace sandcheck {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> Environment(const std::map<std::string, std::string>& overrides) {
  std::vector<std::string> entries;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string text(*entry);
    if (!overrides.contains(text.substr(0, text.find('=')))) entries.push_back(text);
  }
  for (const auto& [name, value] : overrides) entries.push_back(name + "=" + value);
  return entries;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (auto& text : strings) pointers.push_back(text.data());
  pointers.push_back(nullptr);
  return pointers;
}

}  // namespace

Result<Daemon> Daemon::Start(std::vector<std::string> argv, const std::filesystem::path& log_file,
                             const std::map<std::string, std::string>& env_overrides) {
  if (argv.empty()) return Fail("Daemon::Start: empty argv");
  std::string exe = argv[0];
  if (exe.find('/') == std::string::npos) {
    exe = boost::process::search_path(exe).string();
    if (exe.empty()) return Fail("{}: program '{}' not found in PATH", CommandLine(argv), argv[0]);
  }
  int log = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log < 0) return Fail("open {}: {}", log_file.string(), std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, log, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, log, STDERR_FILENO);
  // A daemon outlives every command another thread runs meanwhile: an inherited write end of
  // such a command's stdin pipe would keep it from ever reading EOF.
  posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // Its own group, so Stop reaches whatever it forks; a clean signal mask for the server.
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
  std::vector<std::string> env = Environment(env_overrides);
  std::vector<char*> arg_pointers = Pointers(argv);
  std::vector<char*> env_pointers = Pointers(env);
  pid_t pid = -1;
  int spawned = ::posix_spawn(&pid, exe.c_str(), &actions, &attributes, arg_pointers.data(),
                              env_pointers.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(log);
  if (spawned != 0) return Fail("{}: cannot start: {}", CommandLine(argv), std::strerror(spawned));
  return Daemon(pid, CommandLine(argv), log_file);
}

Daemon::Daemon(Daemon&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      name_(std::move(other.name_)),
      log_file_(std::move(other.log_file_)) {}

Daemon& Daemon::operator=(Daemon&& other) noexcept {
  if (this != &other) {
    Status ignored = Stop();
    pid_ = std::exchange(other.pid_, -1);
    name_ = std::move(other.name_);
    log_file_ = std::move(other.log_file_);
  }
  return *this;
}

Daemon::~Daemon() {
  Status stopped = Stop();
  if (!stopped.ok()) SC_WARN("{}", stopped.message());
}

bool Daemon::Running() {
  if (pid_ < 0) return false;
  int status = 0;
  pid_t reaped = ::waitpid(pid_, &status, WNOHANG);
  if (reaped == 0) return true;
  if (reaped == pid_ || (reaped < 0 && errno == ECHILD)) {
    ::kill(-pid_, SIGKILL);  // whatever it left in its group
    pid_ = -1;
  }
  return false;
}

Status Daemon::Stop(Duration grace) {
  if (!Running()) return Status::Ok();
  ::kill(-pid_, SIGTERM);
  auto deadline = Clock::now() + grace;
  while (Running() && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (pid_ < 0) return Status::Ok();
  ::kill(-pid_, SIGKILL);
  int status = 0;
  pid_t reaped;
  do {
    reaped = ::waitpid(pid_, &status, 0);
  } while (reaped < 0 && errno == EINTR);
  pid_t pid = std::exchange(pid_, -1);
  if (reaped != pid && errno != ECHILD)
    return Fail("reap {} (pid {}): {}", name_, pid, std::strerror(errno));
  return Status::Ok();
}

std::string Daemon::LogTail() const {
  std::ifstream in(log_file_);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return Tail(text);
}

Status WaitUntilReady(Daemon& daemon, const std::function<bool()>& ready, Duration timeout,
                      std::string_view what) {
  auto deadline = Clock::now() + timeout;
  auto pause = std::chrono::milliseconds(2);
  while (true) {
    if (ready()) return Status::Ok();
    if (!daemon.Running()) {
      return Fail("{} exited before it was ready; its log ends: {}", what, daemon.LogTail());
    }
    if (Clock::now() >= deadline) {
      return Fail("{} not ready within {} ms; its log ends: {}", what, timeout.count(),
                  daemon.LogTail());
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
}

}  // namespace sandcheck
