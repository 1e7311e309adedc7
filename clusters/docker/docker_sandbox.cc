#include "clusters/docker/docker_sandbox.h"

#include <signal.h>

#include <thread>

#include "clusters/docker/container_spec.h"
#include "clusters/docker/exec_stream.h"
#include "core/fs_util.h"
#include "core/log.h"

namespace sandcheck {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

}  // namespace

Result<std::pair<std::vector<std::string>, std::map<std::string, std::string>>> WithStdin(
    const std::vector<std::string>& argv, const std::string& stdin_data) {
  if (stdin_data.empty()) return std::pair{argv, std::map<std::string, std::string>{}};
  if (stdin_data.size() > kMaxStdinBytes) {
    return Fail("stdin of {} bytes exceeds the docker substrate's {} bytes", stdin_data.size(),
                kMaxStdinBytes);
  }
  if (stdin_data.find('\0') != std::string::npos) {
    return Fail("stdin with a NUL byte cannot be passed on the docker substrate");
  }
  // The command never sees the variable: the subshell unsets it before exec.
  std::vector<std::string> wrapped = {
      "/bin/sh", "-c",
      fmt::format("printf '%s' \"${0}\" | (unset {0}; exec \"$@\")", kStdinVariable),
      "sandcheck-stdin"};
  wrapped.insert(wrapped.end(), argv.begin(), argv.end());
  return std::pair{wrapped,
                   std::map<std::string, std::string>{{std::string(kStdinVariable), stdin_data}}};
}

Status RemoveEngineContainer(const EngineClient& engine, const std::string& id, Duration timeout) {
  ASSIGN_OR_RETURN(
      EngineResponse response,
      engine.Call({"DELETE", "/containers/" + id + "?force=true&v=false", "", "", timeout}));
  if (response.timed_out) return Fail("DELETE /containers/{}: no answer in time", id);
  if (response.status == 204 || response.status == 404) return Status::Ok();
  return Fail("DELETE /containers/{}: HTTP {}: {}", id, response.status,
              response.body.substr(0, 300));
}

DockerSandbox::DockerSandbox(std::shared_ptr<const EngineClient> engine, Deployment deployment,
                             DockerSandboxParts parts, CleanupStack teardown,
                             std::shared_ptr<const WorldLink> world_link)
    : engine_(std::move(engine)),
      deployment_(std::move(deployment)),
      parts_(std::move(parts)),
      teardown_(std::move(teardown)),
      world_link_(std::move(world_link)) {}

DockerSandbox::~DockerSandbox() {
  Status status = teardown_.RunAll();
  if (!status.ok()) SC_WARN("sandbox {} not fully cleaned: {}", parts_.name, status.message());
}

Result<ProcessOutcome> DockerSandbox::Exec(const ExecRequest& request) {
  return ExecAs(request, deployment_.user.uid, deployment_.user.gid);
}

Result<ProcessOutcome> DockerSandbox::ExecAs(const ExecRequest& request, uint32_t uid,
                                             uint32_t gid) {
  if (request.argv.empty()) return Fail("exec in {}: empty argv", parts_.name);
  auto started = Clock::now();
  Duration timeout = request.timeout.value_or(parts_.timeouts.exec);
  ASSIGN_OR_RETURN(auto command, WithStdin(request.argv, request.stdin_data));
  auto env = request.env;
  env.insert(command.second.begin(), command.second.end());

  json create = {{"AttachStdin", false},
                 {"AttachStdout", true},
                 {"AttachStderr", true},
                 {"Tty", false},
                 {"Cmd", AsTheAgent(deployment_, command.first)},
                 {"Env", SandboxEnvironment(deployment_, uid, env)},
                 {"User", fmt::format("{}:{}", uid, gid)}};
  // 409 here means the container is not running: the harness's error, not the command's verdict.
  ASSIGN_OR_RETURN(json exec,
                   WithContext(engine_->Json("POST", "/containers/" + parts_.container_id + "/exec",
                                             create, parts_.timeouts.runtime_command),
                               fmt::format("exec in {}", parts_.name)));
  std::string exec_id = exec.value("Id", "");
  if (exec_id.empty()) return Fail("exec in {}: the engine returned no exec id", parts_.name);

  // Without an Upgrade header the engine answers 200 and streams until the command's output
  // ends: libcurl reads it like any body.
  EngineRequest start{"POST", "/exec/" + exec_id + "/start",
                      json{{"Detach", false}, {"Tty", false}}.dump(), "application/json", timeout};
  start.give_up = ContainerStopped();
  ASSIGN_OR_RETURN(EngineResponse response, engine_->Call(start));
  if (response.gave_up) {
    return Fail("exec in {}: the sandbox stopped while `{}` ran", parts_.name,
                CommandLine(request.argv));
  }
  ProcessOutcome outcome;
  if (response.timed_out) {
    KillTimedOutExec(exec_id, command.first, uid, gid);
    outcome.timed_out = true;
  } else if (response.status != 200) {
    return Fail("exec in {}: POST /exec/{}/start: HTTP {}: {}", parts_.name, exec_id,
                response.status, response.body.substr(0, 300));
  }
  ASSIGN_OR_RETURN(DemuxedOutput output, DemuxExecStream(response.body));
  outcome.out = std::move(output.out);
  outcome.err = std::move(output.err);
  if (!outcome.timed_out) {
    ASSIGN_OR_RETURN(json state, WaitForExit(exec_id, parts_.timeouts.runtime_command));
    outcome.exit_code = state.value("ExitCode", -1);
  }
  outcome.elapsed = std::chrono::duration_cast<Duration>(Clock::now() - started);
  return outcome;
}

// Under runsc a sandbox that stops as a whole (its memory limit hit) leaves the exec stream open
// until the exec's deadline: the container's state says within a second that nothing will come.
std::function<bool()> DockerSandbox::ContainerStopped() const {
  auto last_asked = std::make_shared<Clock::time_point>(Clock::now());
  return [this, last_asked] {
    if (Clock::now() - *last_asked < std::chrono::milliseconds(500)) return false;
    *last_asked = Clock::now();
    auto state = engine_->Json("GET", "/containers/" + parts_.container_id + "/json", nullptr,
                               parts_.timeouts.runtime_command);
    return state.ok() && !state->value("State", json::object()).value("Running", true);
  };
}

// The stream ends when the command's stdio closes; the engine records the exit a moment later.
Result<json> DockerSandbox::WaitForExit(const std::string& exec_id, Duration timeout) const {
  auto deadline = Clock::now() + timeout;
  auto pause = std::chrono::milliseconds(2);
  json state;
  while (true) {
    ASSIGN_OR_RETURN(state, engine_->Json("GET", "/exec/" + exec_id + "/json", nullptr, timeout));
    if (!state.value("Running", true)) return state;
    if (Clock::now() >= deadline) {
      return Fail("exec {} in {}: still running {} ms after its output ended (last state: {})",
                  exec_id, parts_.name, timeout.count(), state.dump());
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, Duration(100));
  }
}

// The exec API cannot kill an exec. Its Pid is a host pid under runc, killed only after /proc
// shows it in this container's cgroup (a recycled pid must never be hit). Under runsc it is
// neither a host pid in the container nor a pid inside the sandbox, so a second exec kills, from
// inside, the processes whose command line is exactly the timed-out command's.
void DockerSandbox::KillTimedOutExec(const std::string& exec_id,
                                     const std::vector<std::string>& argv, uint32_t uid,
                                     uint32_t gid) {
  auto state =
      engine_->Json("GET", "/exec/" + exec_id + "/json", nullptr, parts_.timeouts.runtime_command);
  int pid = state.ok() ? state->value("Pid", 0) : 0;
  auto cgroup = ReadFile(fmt::format("/proc/{}/cgroup", pid));
  if (pid > 0 && cgroup.ok() && cgroup->find(parts_.container_id) != std::string::npos &&
      ::kill(pid, SIGKILL) == 0) {
    return;
  }
  std::string joined;
  for (const auto& arg : argv) joined += (joined.empty() ? "" : "\n") + arg;
  ExecRequest kill;
  kill.argv = {"/bin/sh", "-c",
               "for p in /proc/[0-9]*; do [ \"$(tr '\\0' '\\n' < $p/cmdline 2>/dev/null)\" = "
               "\"$SANDCHECK_KILL_ARGV\" ] && kill -KILL \"${p#/proc/}\"; done; true"};
  kill.env = {{"SANDCHECK_KILL_ARGV", joined}};
  kill.timeout = parts_.timeouts.runtime_command;
  auto killed = ExecAs(kill, uid, gid);
  if (!killed.ok() || killed->exit_code != 0) {
    SC_WARN(
        "exec {} in {} timed out and could not be killed (pid {}: {}); it dies with the "
        "sandbox",
        exec_id, parts_.name, pid, killed.ok() ? killed->err : killed.message());
  }
}

std::vector<std::string> DockerSandbox::ShellCommand() const {
  std::string user = fmt::format("{}:{}", deployment_.user.uid, deployment_.user.gid);
  return {"docker", "-H",        "unix://" + engine_->socket().string(),
          "exec",   "-it",       "--user",
          user,     parts_.name, "/bin/sh"};
}

Status DockerSandbox::Kill(int signal) {
  ASSIGN_OR_RETURN(json ignored, engine_->Json("POST",
                                               fmt::format("/containers/{}/kill?signal={}",
                                                           parts_.container_id, signal),
                                               nullptr, parts_.timeouts.runtime_command));
  return Status::Ok();
}

Status DockerSandbox::Destroy() {
  return WithContext(teardown_.RunAll(), "destroy sandbox " + parts_.name);
}

void DockerSandbox::Release() {
  teardown_.Dismiss();
  SC_INFO("sandbox {} kept: container {}", parts_.name, parts_.container_id);
}

}  // namespace sandcheck
