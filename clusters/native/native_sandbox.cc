#include "clusters/native/native_sandbox.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "clusters/world/netns_socket.h"
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
      world_link_(std::move(world_link)),
      host_(invocation_.home, invocation_.netns) {}

Result<std::unique_ptr<HostLoopbackListener>> NativeHost::ListenOnLoopback() {
  ASSIGN_OR_RETURN(int fd, ListenInNamespace(std::filesystem::path("/run/netns") / netns_, 0));
  auto port = LocalPort(fd);
  if (!port.ok() || ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK) != 0) {
    ::close(fd);
    return Fail("listen in network namespace {}: {}", netns_,
                port.ok() ? std::strerror(errno) : port.message());
  }
  return AdoptLoopbackListener(fd, *port);
}

HostIdentity NativeHost::Identity() {
  HostIdentity identity = LocalHost::Identity();
  identity.home = home_.string();
  return identity;
}

std::vector<SubstrateMount> NativeSandbox::substrate_mounts() const {
  // srt binds the host's root, where the probe already is; bwrap gets it bound (wrapper_command).
  if (deployment_.runtime != RuntimeKind::kBwrap) return {};
  return {{invocation_.probe.string(), "sandcheck-probe, bound at its host path by the harness"}};
}

std::vector<std::string> NativeSandbox::CredentialScanRoots() const {
  // Where a user's secrets live (home directories, temporary and runtime directories), the
  // host user's home by its path, the command's working directory, and whatever else the line
  // binds from outside the system directories. /usr, /etc and the like hold nothing of the
  // user's, and a machine's /usr alone is more than a check's budget can read.
  std::vector<std::string> roots = {"/home",          "/root", "/tmp", "/var/tmp",
                                    "/run",           "/mnt",  "/srv", invocation_.home.string(),
                                    workdir_.string()};
  for (const BindMount& bind : deployment_.binds) {
    bool system = false;
    for (const char* dir : {"/usr", "/etc", "/lib", "/lib32", "/lib64", "/bin", "/sbin", "/opt"}) {
      std::string source = bind.source.string();
      system = system || source == dir || source.starts_with(std::string(dir) + "/");
    }
    if (!system && bind.target.starts_with("/")) roots.push_back(bind.target);
  }
  std::sort(roots.begin(), roots.end());
  roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
  return roots;
}

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

Status NativeSandbox::Destroy() {
  return WithContext(teardown_.RunAll(), "destroy sandbox " + id_);
}

void NativeSandbox::Release() {
  teardown_.Dismiss();
  SC_INFO("sandbox {} kept: network namespace {}", id_, invocation_.netns);
}

}  // namespace sandcheck
