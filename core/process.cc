#include "core/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/process.hpp>
#include <boost/process/extend.hpp>
#include <thread>

namespace bp = boost::process;
namespace asio = boost::asio;

namespace sandcheck {
namespace {

using Clock = std::chrono::steady_clock;

// Gives the child its own process group so a timeout can kill everything it started,
// and marks every inherited descriptor close-on-exec so pipes opened by other threads
// cannot leak into it (a leaked write end would delay EOF for another child's reader).
struct IsolateChild : bp::extend::handler {
  template <typename Executor>
  void on_exec_setup(Executor&) const {
    ::setpgid(0, 0);
    ::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
  }
};

// Reads a pipe to EOF into `sink` asynchronously.
void ReadAll(bp::async_pipe& pipe, std::string& sink, std::array<char, 4096>& buffer) {
  pipe.async_read_some(asio::buffer(buffer), [&](const boost::system::error_code& ec, size_t n) {
    sink.append(buffer.data(), n);
    if (!ec) ReadAll(pipe, sink, buffer);
  });
}

// Waits for `pid` until `deadline`; returns the wait status, or nullopt on deadline.
std::optional<int> WaitUntil(pid_t pid, Clock::time_point deadline) {
  auto pause = std::chrono::microseconds(200);
  while (true) {
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    if (r < 0 && errno != EINTR) return 0;  // already reaped elsewhere: nothing to wait for
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(20000));
  }
}

void KillGroupAndReap(pid_t pid) {
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace

std::string ProcessOutcome::DescribeEnd() const {
  if (timed_out) return fmt::format("timed out after {} ms", elapsed.count());
  if (signaled) return fmt::format("killed by signal {}", term_signal);
  return fmt::format("exit {}", exit_code);
}

std::string CommandLine(const std::vector<std::string>& argv) {
  std::string line;
  for (const auto& arg : argv) {
    if (!line.empty()) line += ' ';
    bool plain = !arg.empty() && arg.find_first_of(" \t\n'\"\\$`") == std::string::npos;
    line += plain ? arg : "'" + arg + "'";
  }
  return line;
}

std::string Tail(const std::string& text, size_t max_chars) {
  size_t end = text.find_last_not_of(" \n\r\t");
  if (end == std::string::npos) return "";
  std::string trimmed = text.substr(0, end + 1);
  if (trimmed.size() <= max_chars) return trimmed;
  return "..." + trimmed.substr(trimmed.size() - max_chars);
}

Result<ProcessOutcome> RunProcess(const ProcessSpec& spec) {
  if (spec.argv.empty()) return Fail("RunProcess: empty argv");
  boost::filesystem::path exe = spec.argv[0];
  if (spec.argv[0].find('/') == std::string::npos) {
    exe = bp::search_path(spec.argv[0]);
    if (exe.empty())
      return Fail("{}: program '{}' not found in PATH", CommandLine(spec.argv), spec.argv[0]);
  }
  std::vector<std::string> args(spec.argv.begin() + 1, spec.argv.end());

  asio::io_context io;
  bp::async_pipe out_pipe(io), err_pipe(io), in_pipe(io);
  bp::environment env = boost::this_process::environment();
  for (const auto& [key, value] : spec.env_overrides) env[key] = value;

  auto start = Clock::now();
  auto deadline = start + spec.timeout;
  ProcessOutcome outcome;
  std::error_code spawn_error;
  bp::child child;

  // Boost.Process picks redirections by type, so each sink kind is a distinct argument.
  auto spawn = [&](auto&& out_redirect, auto&& err_redirect) {
    std::string cwd = spec.working_dir ? spec.working_dir->string() : std::string(".");
    child = bp::child(exe, bp::args(args), out_redirect, err_redirect, bp::std_in < in_pipe,
                      bp::start_dir(cwd), env, IsolateChild{}, spawn_error);
  };
  auto with_err = [&](auto&& out_redirect) {
    switch (spec.stderr_sink.kind) {
      case OutputSink::Kind::kCapture:
        return spawn(out_redirect, bp::std_err > err_pipe);
      case OutputSink::Kind::kDiscard:
        return spawn(out_redirect, bp::std_err > bp::null);
      case OutputSink::Kind::kFile:
        return spawn(out_redirect,
                     bp::std_err > boost::filesystem::path(spec.stderr_sink.file.string()));
    }
  };
  switch (spec.stdout_sink.kind) {
    case OutputSink::Kind::kCapture:
      with_err(bp::std_out > out_pipe);
      break;
    case OutputSink::Kind::kDiscard:
      with_err(bp::std_out > bp::null);
      break;
    case OutputSink::Kind::kFile:
      with_err(bp::std_out > boost::filesystem::path(spec.stdout_sink.file.string()));
      break;
  }
  if (spawn_error) {
    return Fail("{}: cannot start: {}", CommandLine(spec.argv), spawn_error.message());
  }
  pid_t pid = child.id();
  child.detach();  // reaped below with waitpid, so the deadline applies to the wait as well

  std::array<char, 4096> out_buffer{}, err_buffer{};
  if (spec.stdout_sink.kind == OutputSink::Kind::kCapture)
    ReadAll(out_pipe, outcome.out, out_buffer);
  if (spec.stderr_sink.kind == OutputSink::Kind::kCapture)
    ReadAll(err_pipe, outcome.err, err_buffer);
  if (!spec.stdin_data.empty()) {
    asio::async_write(in_pipe, asio::buffer(spec.stdin_data),
                      [&](const boost::system::error_code&, size_t) { in_pipe.close(); });
  } else {
    in_pipe.close();
  }
  // Pipes reach EOF when the child and everything it forked have closed them.
  io.run_until(deadline);
  bool pipes_done = io.stopped();

  std::optional<int> status = pipes_done ? WaitUntil(pid, deadline) : std::nullopt;
  if (!status) {
    KillGroupAndReap(pid);
    outcome.timed_out = true;
  } else if (WIFSIGNALED(*status)) {
    outcome.signaled = true;
    outcome.term_signal = WTERMSIG(*status);
  } else {
    outcome.exit_code = WEXITSTATUS(*status);
  }
  outcome.elapsed = std::chrono::duration_cast<Duration>(Clock::now() - start);
  return outcome;
}

Result<ProcessOutcome> RunChecked(const ProcessSpec& spec) {
  ASSIGN_OR_RETURN(ProcessOutcome outcome, RunProcess(spec));
  if (outcome.Succeeded()) return outcome;
  std::string detail = Tail(outcome.err);
  if (detail.empty()) detail = Tail(outcome.out);
  return Fail("{}: {}{}{}", CommandLine(spec.argv), outcome.DescribeEnd(),
              detail.empty() ? "" : ": ", detail);
}

}  // namespace sandcheck
