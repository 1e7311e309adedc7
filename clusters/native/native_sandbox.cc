#include "clusters/native/native_sandbox.h"

#include "core/log.h"

namespace sandcheck {

NativeSandbox::NativeSandbox(std::string id, Deployment deployment, WrapperInvocation invocation,
                             std::filesystem::path workdir, CleanupStack teardown,
                             Duration exec_timeout, std::shared_ptr<const WorldLink> world_link)
    : id_(std::move(id)),
      deployment_(std::move(deployment)),
      invocation_(std::move(invocation)),
      workdir_(std::move(workdir)),
      teardown_(std::move(teardown)),
      exec_timeout_(exec_timeout),
      world_link_(std::move(world_link)) {}

NativeSandbox::~NativeSandbox() {
  Status status = teardown_.RunAll();
  if (!status.ok()) SC_WARN("sandbox {} not fully cleaned: {}", id_, status.message());
}

std::vector<std::string> NativeSandbox::Argv(const std::vector<std::string>& command,
                                             const std::map<std::string, std::string>& env) const {
  std::map<std::string, std::string> extra = deployment_.env;
  for (const auto& [name, value] : env) extra[name] = value;
  return WrappedArgv(deployment_, invocation_, extra, command);
}

Result<ProcessOutcome> NativeSandbox::Exec(const ExecRequest& request) {
  if (request.argv.empty()) return Fail("exec in {}: empty argv", id_);
  ProcessSpec spec;
  spec.argv = Argv(request.argv, request.env);
  spec.timeout = request.timeout.value_or(exec_timeout_);
  spec.stdin_data = request.stdin_data;
  spec.working_dir = workdir_;
  return RunProcess(spec);
}

std::vector<std::string> NativeSandbox::ShellCommand() const { return Argv({"/bin/sh"}, {}); }

Status NativeSandbox::Destroy() { return WithContext(teardown_.RunAll(), "destroy sandbox " + id_); }

void NativeSandbox::Release() {
  teardown_.Dismiss();
  SC_INFO("sandbox {} kept: network namespace {}", id_, invocation_.netns);
}

}  // namespace sandcheck
