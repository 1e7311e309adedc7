// A running sandbox of the native substrate. Nothing runs between execs: a command wrapper
// sandboxes one command at a time, as Claude Code's sandbox wraps each Bash call. The lease
// holds what every exec shares (the network namespace, joined to the world or empty) and the
// command line prefix that reaches the wrapper as the host user.
#pragma once

#include <memory>
#include <string>

#include "clusters/local_host.h"
#include "clusters/native/wrapper_command.h"
#include "clusters/substrate.h"
#include "clusters/world/world_link.h"
#include "core/cleanup_stack.h"
#include "core/timeouts.h"

namespace sandcheck {

// The machine, whose user the wrapper runs as: "the host's home" is that user's home, and
// "the host's loopback" the loopback of the namespace the wrapper runs in (where srt's proxies
// and the user's local services listen), not the harness's.
class NativeHost : public LocalHost {
 public:
  NativeHost(std::filesystem::path home, std::string netns)
      : home_(std::move(home)), netns_(std::move(netns)) {}
  HostIdentity Identity() override;
  Result<std::unique_ptr<HostLoopbackListener>> ListenOnLoopback() override;

 private:
  std::filesystem::path home_;
  std::string netns_;
};

class NativeSandbox : public Sandbox {
 public:
  NativeSandbox(std::string id, Deployment deployment, WrapperInvocation invocation,
                std::filesystem::path workdir, CleanupStack teardown, Duration exec_timeout,
                std::shared_ptr<const WorldLink> world_link);
  ~NativeSandbox() override;

  const std::string& name() const override { return id_; }
  const Deployment& deployment() const override { return deployment_; }
  Result<ProcessOutcome> Exec(const ExecRequest& request) override;
  Status Destroy() override;
  void Release() override;
  const WorldView* world() const override { return world_link_.get(); }
  std::vector<std::string> ShellCommand() const override;
  HostView& host() override { return host_; }
  std::vector<SubstrateMount> substrate_mounts() const override;
  std::vector<std::string> CredentialScanRoots() const override;
  // srt's own helper, which applies its seccomp filter and runs the command under it.
  std::string InitProgram() const override {
    return deployment_.runtime == RuntimeKind::kSrt ? "apply-seccomp" : "";
  }

  // The argv an exec of `command` runs (for evidence and the substrate's tests).
  std::vector<std::string> Argv(const std::vector<std::string>& command,
                                const std::map<std::string, std::string>& env) const;

 private:
  std::string id_;
  Deployment deployment_;
  WrapperInvocation invocation_;
  std::filesystem::path workdir_;
  CleanupStack teardown_;
  Duration exec_timeout_;
  std::shared_ptr<const WorldLink> world_link_;
  NativeHost host_;
};

}  // namespace sandcheck
