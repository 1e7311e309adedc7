#include "clusters/oci/oci_sandbox.h"

#include <charconv>

#include "clusters/oci/bundle_config.h"
#include "core/fs_util.h"
#include "core/log.h"

namespace sandcheck {

OciSandbox::OciSandbox(std::string id, Deployment deployment, BundlePaths bundle,
                       std::shared_ptr<const RuntimeCli> runtime, CleanupStack teardown,
                       std::shared_ptr<const WorldLink> world_link)
    : id_(std::move(id)),
      deployment_(std::move(deployment)),
      bundle_(std::move(bundle)),
      runtime_(std::move(runtime)),
      teardown_(std::move(teardown)),
      world_link_(std::move(world_link)) {}

OciSandbox::~OciSandbox() {
  Status status = teardown_.RunAll();
  if (!status.ok()) SC_WARN("sandbox {} not fully cleaned: {}", id_, status.message());
}

Result<ProcessOutcome> OciSandbox::Exec(const ExecRequest& request) {
  return ExecAsUserSpec(request, deployment_.user);
}

Result<ProcessOutcome> OciSandbox::ExecAs(const ExecRequest& request, uint32_t uid, uint32_t gid) {
  return ExecAsUserSpec(request, UserSpec{uid, gid, {}});
}

Result<ProcessOutcome> OciSandbox::ExecAsUserSpec(const ExecRequest& request,
                                                  const UserSpec& user) {
  if (request.argv.empty()) return Fail("exec in {}: empty argv", id_);
  // The process file carries user, groups, capabilities and no_new_privileges, which the
  // runtimes' exec flags cannot all express (crun has no --additional-gids).
  auto process = ProcessConfig(deployment_, request.argv, user, request.env);
  auto process_file = bundle_.exec_process(++exec_counter_);
  RETURN_IF_ERROR(WriteFile(process_file, process.dump(), 0600));
  auto spec = runtime_->ExecSpec(
      id_, process_file, request.timeout.value_or(runtime_->timeouts().exec), request.stdin_data);
  auto outcome = RunProcess(spec);
  std::error_code ignored;
  std::filesystem::remove(process_file, ignored);
  if (outcome.ok() && outcome->exit_code == runtime_->profile().exec_failure_exit_code) {
    RETURN_IF_ERROR(StillRunning(*outcome));
  }
  return outcome;
}

// A sandbox that died under a check (runsc: "cannot execute in container ... in state
// stopped") is the harness's error, never the command's verdict.
Status OciSandbox::StillRunning(const ProcessOutcome& outcome) const {
  ASSIGN_OR_RETURN(auto containers, runtime_->List());
  for (const auto& container : containers) {
    if (container.id == id_ && container.status == "running") return Status::Ok();
  }
  return Fail("exec in {}: the sandbox is no longer running (exit {}: {})", id_, outcome.exit_code,
              outcome.err.substr(0, 400));
}

bool OciSandbox::InitAlive() const {
  auto pid_text = ReadFile(bundle_.pid_file());
  if (!pid_text.ok()) return false;
  int pid = 0;
  auto [end, ec] = std::from_chars(pid_text->data(), pid_text->data() + pid_text->size(), pid);
  if (ec != std::errc() || pid <= 0) return false;
  // Its state follows the command name's closing parenthesis. A dead init of ours is a
  // zombie (Z) until reaped, since this process is the containers' subreaper.
  auto stat = ReadFile("/proc/" + std::to_string(pid) + "/stat");
  if (!stat.ok()) return false;
  auto close = stat->rfind(')');
  if (close == std::string::npos || close + 2 >= stat->size()) return false;
  char state = (*stat)[close + 2];
  return state != 'Z' && state != 'X';
}

Status OciSandbox::Kill(int signal) { return runtime_->Kill(id_, signal); }

std::vector<std::string> OciSandbox::ShellCommand() const {
  std::string user = fmt::format("{}:{}", deployment_.user.uid, deployment_.user.gid);
  return runtime_->Argv({"exec", "-t", "--user", user, id_, "/bin/sh"});
}

Status OciSandbox::Destroy() { return WithContext(teardown_.RunAll(), "destroy sandbox " + id_); }

void OciSandbox::Release() {
  teardown_.Dismiss();
  SC_INFO("sandbox {} kept: bundle {}", id_, bundle_.dir.string());
}

}  // namespace sandcheck
