#include "tools/probe/batch_mode.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "tools/probe/encoding.h"
#include "tools/probe/sys.h"

extern char** environ;

namespace sandcheck::probe {
namespace {

// Output past this is read and dropped, so a runaway command cannot exhaust the probe.
constexpr size_t kMaxCapture = 8 << 20;

struct BatchCommand {
  std::vector<std::string> argv;
  std::string stdin_data;
  Millis timeout{0};
};

std::optional<std::vector<BatchCommand>> ParseBatch(const std::string& text, std::string* error) {
  Json document = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!document.is_object() || !document.contains("commands") || !document["commands"].is_array()) {
    *error = "stdin must be a JSON object with a \"commands\" array";
    return std::nullopt;
  }
  std::vector<BatchCommand> commands;
  for (const Json& entry : document["commands"]) {
    std::string where = "commands[" + std::to_string(commands.size()) + "]";
    BatchCommand command;
    if (!entry.is_object() || !entry.contains("argv") || !entry["argv"].is_array() ||
        entry["argv"].empty()) {
      *error = where + ": needs a non-empty \"argv\" array";
      return std::nullopt;
    }
    for (const Json& arg : entry["argv"]) {
      if (!arg.is_string()) {
        *error = where + ".argv: every argument must be a string";
        return std::nullopt;
      }
      command.argv.push_back(arg.get<std::string>());
    }
    if (!command.argv[0].starts_with('/')) {
      *error = where + ".argv[0]: must be an absolute path (the probe does no PATH lookup)";
      return std::nullopt;
    }
    if (entry.contains("stdin")) {
      if (!entry["stdin"].is_string()) {
        *error = where + ".stdin: must be a string";
        return std::nullopt;
      }
      command.stdin_data = entry["stdin"].get<std::string>();
    }
    if (!entry.contains("timeout_ms") || !entry["timeout_ms"].is_number_unsigned() ||
        entry["timeout_ms"].get<uint64_t>() == 0) {
      *error = where + ": needs \"timeout_ms\", a positive integer";
      return std::nullopt;
    }
    command.timeout = Millis(entry["timeout_ms"].get<uint64_t>());
    commands.push_back(std::move(command));
  }
  return commands;
}

// A pipe whose ends close themselves.
struct Pipe {
  int read = -1;
  int write = -1;
  bool Open() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;
    read = fds[0];
    write = fds[1];
    return true;
  }
  static void Close(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  ~Pipe() {
    Close(read);
    Close(write);
  }
};

[[noreturn]] void ExecInChild(const BatchCommand& command, Pipe& in, Pipe& out, Pipe& err,
                              Pipe& report) {
  ::setsid();
  ::signal(SIGPIPE, SIG_DFL);  // the probe ignores it; an exec'd program must not inherit that
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::dup2(in.read, 0);
  ::dup2(out.write, 1);
  ::dup2(err.write, 2);
  std::vector<char*> args;
  for (const std::string& arg : command.argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  ::execve(args[0], args.data(), environ);
  int error = errno;
  (void)!::write(report.write, &error, sizeof(error));
  ::_exit(127);
}

// Appends what `fd` has to `into` (up to kMaxCapture); false at end of file or error.
bool Drain(int fd, std::string& into) {
  char buffer[16384];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n > 0) {
      size_t room = kMaxCapture - std::min(kMaxCapture, into.size());
      into.append(buffer, std::min(static_cast<size_t>(n), room));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && errno == EAGAIN;
  }
}

void Capture(Json& record, const std::string& name, const std::string& bytes) {
  bool text = IsValidUtf8(bytes);
  record[name] = text ? bytes : Base64(bytes);
  record[name + "_encoding"] = text ? "utf-8" : "base64";
}

Json RunOne(const BatchCommand& command, size_t index) {
  Json record{{"index", index}};
  auto start = Clock::now();
  auto deadline = start + command.timeout;
  Pipe in, out, err, report;
  if (!in.Open() || !out.Open() || !err.Open() || !report.Open()) {
    record["exec_error"] = ErrnoName(errno);
    return record;
  }
  pid_t pid = ::fork();
  if (pid < 0) {
    record["exec_error"] = ErrnoName(errno);
    return record;
  }
  if (pid == 0) ExecInChild(command, in, out, err, report);
  Pipe::Close(in.read);
  Pipe::Close(out.write);
  Pipe::Close(err.write);
  Pipe::Close(report.write);
  for (int fd : {in.write, out.read, err.read}) ::fcntl(fd, F_SETFL, O_NONBLOCK);
  if (command.stdin_data.empty()) Pipe::Close(in.write);

  std::string stdout_bytes, stderr_bytes;
  size_t written = 0;
  bool timed_out = false;
  while (out.read >= 0 || err.read >= 0) {
    auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd fds[3] = {{in.write, POLLOUT, 0}, {out.read, POLLIN, 0}, {err.read, POLLIN, 0}};
    if (::poll(fds, 3, static_cast<int>(left)) < 0 && errno != EINTR) break;
    if (in.write >= 0 && fds[0].revents != 0) {
      ssize_t n = ::write(in.write, command.stdin_data.data() + written,
                          command.stdin_data.size() - written);
      if (n > 0) written += static_cast<size_t>(n);
      if ((n < 0 && errno != EAGAIN && errno != EINTR) || written == command.stdin_data.size()) {
        Pipe::Close(in.write);  // all written, or the command stopped reading (EPIPE)
      }
    }
    if (out.read >= 0 && fds[1].revents != 0 && !Drain(out.read, stdout_bytes)) {
      Pipe::Close(out.read);
    }
    if (err.read >= 0 && fds[2].revents != 0 && !Drain(err.read, stderr_bytes)) {
      Pipe::Close(err.read);
    }
  }
  Pipe::Close(in.write);
  int status = 0;
  while (!timed_out) {  // both outputs closed: the command is ending; wait for it, bounded
    pid_t reaped = ::waitpid(pid, &status, WNOHANG);
    if (reaped == pid) break;
    if (Clock::now() >= deadline) {
      timed_out = true;
      break;
    }
    ::usleep(1000);
  }
  if (timed_out) {
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  int exec_errno = 0;
  bool exec_failed = ::read(report.read, &exec_errno, sizeof(exec_errno)) == sizeof(exec_errno);
  record["exit_code"] = WIFEXITED(status) && !timed_out ? Json(WEXITSTATUS(status)) : Json(nullptr);
  record["signal"] = WIFSIGNALED(status) && !timed_out ? Json(WTERMSIG(status)) : Json(nullptr);
  record["timed_out"] = timed_out;
  record["exec_error"] = exec_failed ? Json(ErrnoName(exec_errno)) : Json(nullptr);
  Capture(record, "stdout", stdout_bytes);
  Capture(record, "stderr", stderr_bytes);
  record["elapsed_ms"] = ElapsedMs(start);
  return record;
}

}  // namespace

int RunBatch() {
  std::string text(std::istreambuf_iterator<char>(std::cin), {});
  std::string error;
  auto commands = ParseBatch(text, &error);
  if (!commands) {
    std::cerr << "sandcheck-probe batch: " << error << "\n";
    return 2;
  }
  ::signal(SIGPIPE, SIG_IGN);  // a command that exits without reading its stdin
  for (size_t i = 0; i < commands->size(); ++i) {
    std::cout << RunOne((*commands)[i], i).dump(-1, ' ', false, Json::error_handler_t::replace)
              << std::endl;  // flushed: a batch cut short still reports what ran
  }
  return 0;
}

}  // namespace sandcheck::probe
