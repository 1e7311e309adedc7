#include "suites/framework/deferred_teardown.h"

namespace sandcheck {
namespace {

// Forwards everything to the sandbox it holds, except that its destructor hands that sandbox
// to the DeferredTeardown instead of tearing it down in place.
class DeferredSandbox : public Sandbox {
 public:
  DeferredSandbox(SandboxLease inner, DeferredTeardown& owner)
      : inner_(std::move(inner)), owner_(owner) {}
  ~DeferredSandbox() override { owner_.Defer(std::move(inner_)); }

  const std::string& name() const override { return inner_->name(); }
  const Deployment& deployment() const override { return inner_->deployment(); }
  Result<ProcessOutcome> Exec(const ExecRequest& request) override { return inner_->Exec(request); }
  Status Destroy() override { return inner_->Destroy(); }
  void Release() override { inner_->Release(); }
  const WorldView* world() const override { return inner_->world(); }
  std::vector<std::string> ShellCommand() const override { return inner_->ShellCommand(); }
  HostView& host() override { return inner_->host(); }
  ExecAsUser* exec_as_user() override { return inner_->exec_as_user(); }
  CrashSimulator* crash_simulator() override { return inner_->crash_simulator(); }
  const HostRootfs* host_rootfs() const override { return inner_->host_rootfs(); }

 private:
  SandboxLease inner_;
  DeferredTeardown& owner_;
};

}  // namespace

SandboxLease DeferredTeardown::Wrap(SandboxLease lease) {
  return std::make_unique<DeferredSandbox>(std::move(lease), *this);
}

void DeferredTeardown::Defer(SandboxLease lease) {
  std::lock_guard lock(mutex_);
  teardowns_.emplace_back([lease = std::move(lease)]() mutable { lease.reset(); });
}

void DeferredTeardown::Join() {
  std::vector<std::jthread> teardowns;
  {
    std::lock_guard lock(mutex_);
    teardowns.swap(teardowns_);
  }
  teardowns.clear();  // joins each
}

}  // namespace sandcheck
