// A running sandbox of the oci substrate: a container of runc, crun or runsc on a bundle
// under <run_dir>/<run>/<id>. The lease owns the undo steps that created it (container,
// overlay mount, bundle directory) and runs them, newest first, on Destroy or destruction.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "clusters/local_sandbox.h"
#include "clusters/oci/runtime_cli.h"
#include "clusters/oci/state_layout.h"
#include "clusters/substrate.h"
#include "clusters/world/world_link.h"
#include "core/cleanup_stack.h"

namespace sandcheck {

// Execs as any uid, kills its init with `<runtime> kill`, and its rootfs is a path on this
// machine.
class OciSandbox : public LocalSandbox {
 public:
  OciSandbox(std::string id, Deployment deployment, BundlePaths bundle,
             std::shared_ptr<const RuntimeCli> runtime, CleanupStack teardown,
             std::shared_ptr<const WorldLink> world_link = nullptr);
  ~OciSandbox() override;

  const std::string& name() const override { return id_; }
  const Deployment& deployment() const override { return deployment_; }
  Result<ProcessOutcome> Exec(const ExecRequest& request) override;
  Status Destroy() override;
  void Release() override;
  const WorldView* world() const override { return world_link_.get(); }
  std::vector<std::string> ShellCommand() const override;

  // The optional parts LocalSandbox offers.
  Result<ProcessOutcome> ExecAs(const ExecRequest& request, uint32_t uid, uint32_t gid) override;
  Status Kill(int signal) override;
  std::filesystem::path RootfsOnHost() const override { return bundle_.rootfs(); }

  // Whether the init (runsc: the sandbox process) still runs, from its pid file and
  // /proc: no runtime command, so a warm pool can ask it on the claim path.
  bool InitAlive() const;

 private:
  Result<ProcessOutcome> ExecAsUserSpec(const ExecRequest& request, const UserSpec& user);
  Status StillRunning(const ProcessOutcome& outcome) const;

  std::string id_;
  Deployment deployment_;
  BundlePaths bundle_;
  std::shared_ptr<const RuntimeCli> runtime_;
  CleanupStack teardown_;
  std::shared_ptr<const WorldLink> world_link_;
  std::atomic<int> exec_counter_{0};
};

}  // namespace sandcheck
