#include "tools/probe/sys.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "tools/probe/encoding.h"

namespace sandcheck::probe {
namespace {

sigset_t ChildSignalSet() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  return set;
}

void IgnoreSignal(int) {}

// Waits for `pid` until `deadline`; false when the deadline passed first.
bool WaitWithDeadline(pid_t pid, Clock::time_point deadline, int* status) {
  sigset_t set = ChildSignalSet();
  while (true) {
    pid_t reaped = ::waitpid(pid, status, WNOHANG);
    if (reaped == pid) return true;
    if (reaped < 0 && errno != EINTR) return true;  // nothing left to wait for
    auto left = deadline - Clock::now();
    if (left <= Millis(0)) return false;
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(left);
    auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(left - seconds);
    struct timespec wait = {static_cast<time_t>(seconds.count()), static_cast<long>(nanos.count())};
    ::sigtimedwait(&set, nullptr, &wait);  // any SIGCHLD (or timeout): check again
  }
}

}  // namespace

int64_t ElapsedMs(Clock::time_point start) {
  return std::chrono::duration_cast<Millis>(Clock::now() - start).count();
}

FileContent ReadFileBounded(const std::string& path, size_t max_bytes) {
  FileContent content;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    content.error = errno;
    return content;
  }
  char buffer[16384];
  while (content.data.size() < max_bytes) {
    size_t want = std::min(sizeof(buffer), max_bytes - content.data.size());
    ssize_t n = ::read(fd, buffer, want);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      content.error = errno;
      break;
    }
    if (n == 0) break;
    content.data.append(buffer, n);
  }
  if (content.error == 0 && content.data.size() >= max_bytes) {
    char probe_byte;
    content.truncated = ::read(fd, &probe_byte, 1) > 0;
  }
  ::close(fd);
  return content;
}

bool IsDirectoryEntry(const std::string& path, unsigned char d_type) {
  if (d_type != DT_UNKNOWN) return d_type == DT_DIR;
  struct stat info;
  return ::lstat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

Json ErrorNameJson(int error) { return error == 0 ? Json(nullptr) : Json(ErrnoName(error)); }

Json AttemptJson(int error) {
  return Json{{"ok", error == 0}, {"errno", error}, {"error", ErrorNameJson(error)}};
}

void PrepareChildWaits() {
  struct sigaction action = {};
  action.sa_handler = IgnoreSignal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGCHLD, &action, nullptr);
  sigset_t set = ChildSignalSet();
  ::sigprocmask(SIG_BLOCK, &set, nullptr);
}

ChildEnd RunChild(const std::function<int()>& body, Millis timeout) {
  ChildEnd end;
  auto start = Clock::now();
  pid_t pid = ::fork();
  if (pid < 0) {
    end.fork_errno = errno;
    return end;
  }
  if (pid == 0) {
    sigset_t set = ChildSignalSet();
    ::sigprocmask(SIG_UNBLOCK, &set, nullptr);
    ::setsid();
    try {  // an exception must never unwind into the parent's code in the child
      ::_exit(body());
    } catch (...) {
      // Reported as SIGABRT, never as a made-up errno; no core file in the sandbox.
      struct rlimit no_core = {0, 0};
      ::setrlimit(RLIMIT_CORE, &no_core);
      std::abort();
    }
  }
  int status = 0;
  if (!WaitWithDeadline(pid, start + timeout, &status)) {
    end.timed_out = true;
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  end.elapsed_ms = ElapsedMs(start);
  if (WIFEXITED(status)) {
    end.exited = true;
    end.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    end.signal = WTERMSIG(status);
  }
  return end;
}

Json ChildAttemptJson(const ChildEnd& end) {
  Json json = end.exited ? AttemptJson(end.exit_code)
                         : Json{{"ok", false}, {"errno", nullptr}, {"error", nullptr}};
  json["signal"] = end.signal != 0 ? Json(end.signal) : Json(nullptr);
  json["timed_out"] = end.timed_out;
  if (end.fork_errno != 0) json["fork_error"] = ErrnoName(end.fork_errno);
  return json;
}

ProgramEnd RunProgram(const std::vector<std::string>& argv, Millis timeout) {
  ProgramEnd result;
  // `report` carries execve's errno (a successful exec closes it unwritten); `errors` carries
  // the program's stderr.
  int report[2];
  int errors[2];
  if (::pipe2(report, O_CLOEXEC) != 0) {
    result.exec_errno = errno;
    return result;
  }
  if (::pipe2(errors, O_CLOEXEC | O_NONBLOCK) != 0) {
    result.exec_errno = errno;
    ::close(report[0]);
    ::close(report[1]);
    return result;
  }
  result.child = RunChild(
      [&]() {
        int null_fd = ::open("/dev/null", O_RDWR);
        if (null_fd >= 0) {
          ::dup2(null_fd, 0);
          ::dup2(null_fd, 1);
        }
        ::dup2(errors[1], 2);  // dup2 clears close-on-exec on the copy
        std::vector<char*> args;
        for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
        args.push_back(nullptr);
        char path[] = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        char* env[] = {path, nullptr};
        ::execve(args[0], args.data(), env);
        int error = errno;
        (void)!::write(report[1], &error, sizeof(error));
        return 127;
      },
      timeout);
  ::close(report[1]);
  ::close(errors[1]);
  int error = 0;
  if (::read(report[0], &error, sizeof(error)) == sizeof(error)) result.exec_errno = error;
  char head[512];
  ssize_t n = ::read(errors[0], head, sizeof(head));
  if (n > 0) result.stderr_head.assign(head, n);
  ::close(report[0]);
  ::close(errors[0]);
  return result;
}

}  // namespace sandcheck::probe
