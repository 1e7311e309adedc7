// The embedded default substrate: sandboxes created directly with the OCI runtimes runc,
// crun and runsc, without a daemon. See docs/oci-substrate.md.
#pragma once

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "clusters/oci/oci_sandbox.h"
#include "clusters/oci/rootfs_cache.h"
#include "clusters/oci/runtime_cli.h"
#include "clusters/oci/runtime_profiles.h"
#include "clusters/oci/state_layout.h"
#include "clusters/substrate.h"
#include "clusters/world/join_world.h"
#include "clusters/world/world.h"
#include "clusters/world/world_services.h"
#include "core/cleanup_stack.h"
#include "core/run_id.h"
#include "core/timeouts.h"

namespace sandcheck {

struct OciSubstrateConfig {
  std::filesystem::path state_dir = "/var/lib/sandcheck";
  std::filesystem::path run_dir;       // bundles; default <state_dir>/run
  std::filesystem::path probe_binary;  // host path of sandcheck-probe, copied into every rootfs
  std::filesystem::path busybox = "/bin/busybox";  // static busybox for the busybox recipe
  // The claude-code recipe's pin (docs/agent.md).
  std::filesystem::path claude_code_image = DefaultClaudeCodeImageSpec();
  // Claude-code bases shared with other state directories (EnsureClaudeCodeBase); empty: none.
  std::filesystem::path shared_bases;
  Timeouts timeouts;
  RunId run_id = RunId::Generate();
};

class OciSubstrate : public Substrate {
 public:
  // Lays out the state directory, takes the run's lock and makes this process a child
  // subreaper (container inits are reaped here, see child_reaper.h).
  static Result<std::unique_ptr<OciSubstrate>> Create(OciSubstrateConfig config);
  // Removes this run's bundle directory when no lease left anything in it.
  ~OciSubstrate() override;

  SubstrateKind kind() const override { return SubstrateKind::kOci; }
  const RunId& run_id() const override { return config_.run_id; }
  RuntimeCapabilities Capabilities(RuntimeKind runtime) const override;
  Result<SandboxLease> Acquire(const Deployment& deployment,
                               const AcquireOptions& options) override;
  Status SweepAbandoned() override;
  // Acquire, typed: for callers inside the substrate that need the OCI lease (warm pool).
  Result<std::unique_ptr<OciSandbox>> AcquireOci(const Deployment& deployment,
                                                 const AcquireOptions& options);

  const StateLayout& layout() const { return layout_; }
  // The run's world (clusters/world), made on first use; sandboxes of `network: world` join it.
  Result<World*> EnsureWorld() override;
  // How the runtime is called here; nullptr when it is unknown or unavailable.
  std::shared_ptr<const RuntimeCli> Runtime(RuntimeKind runtime) const;

 private:
  struct RuntimeEntry {
    const RuntimeProfile* profile;
    std::shared_ptr<const RuntimeCli> cli;
    std::optional<RuntimeAvailability> availability;  // detected on first use
  };

  OciSubstrate(OciSubstrateConfig config, StateLayout layout, RunLock lock,
               std::map<RuntimeKind, RuntimeEntry> runtimes);

  OciSubstrateConfig config_;
  StateLayout layout_;
  RunLock lock_;
  // Detection runs `<runtime> --version` on first use (runsc's takes most of a second).
  // Callers hold runtimes_mutex_.
  const RuntimeAvailability& AvailabilityOf(RuntimeEntry& entry) const;
  // Joins a `network: world` sandbox to the world (an empty join for other network modes),
  // adding what the world needs to `deployment` (clusters/world/join_world.h).
  Result<WorldJoin> AttachToWorld(Deployment& deployment, const std::string& id,
                                  CleanupStack& teardown);
  std::string UnavailableReason(RuntimeKind runtime) const;

  mutable std::mutex runtimes_mutex_;
  mutable std::map<RuntimeKind, RuntimeEntry> runtimes_;
  RootfsCache rootfs_cache_;
  std::atomic<int> sandbox_counter_{0};
  std::mutex world_mutex_;
  std::unique_ptr<World> world_;
  std::unique_ptr<WorldServices> world_services_;  // declared after world_: stopped first
};

}  // namespace sandcheck
