// The native substrate: Claude Code's own sandbox and its relatives as command wrappers. A
// deployment names the wrapper (bwrap with its arguments, or Anthropic's sandbox-runtime `srt`
// with its settings file); every exec, the probe's included, runs through it as the host user,
// inside a network namespace sandcheck made (the world's, or an empty one), so "the network"
// is never the machine's own. See docs/native-sandbox.md.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>

#include "clusters/substrate.h"
#include "clusters/world/world.h"
#include "clusters/world/world_services.h"
#include "core/run_id.h"
#include "core/timeouts.h"

namespace sandcheck {

// The sandbox-runtime release the substrate runs (clusters/native/sandbox-runtime.version), and
// where ci/setup.sh installs it from the npm registry.
std::string_view SandboxRuntimeVersion();
std::filesystem::path SandboxRuntimeCli();

struct NativeSubstrateConfig {
  std::filesystem::path state_dir = "/var/lib/sandcheck";
  std::filesystem::path probe_binary;  // host path of sandcheck-probe
  std::filesystem::path srt_cli = SandboxRuntimeCli();
  Timeouts timeouts;
  RunId run_id = RunId::Generate();
};

class NativeSubstrate : public Substrate {
 public:
  static Result<std::unique_ptr<NativeSubstrate>> Create(NativeSubstrateConfig config);
  ~NativeSubstrate() override;

  SubstrateKind kind() const override { return SubstrateKind::kNative; }
  const RunId& run_id() const override { return config_.run_id; }
  RuntimeCapabilities Capabilities(RuntimeKind runtime) const override;
  Result<SandboxLease> Acquire(const Deployment& deployment,
                               const AcquireOptions& options) override;
  Status SweepAbandoned() override;
  Result<World*> EnsureWorld() override;
  std::map<std::string, std::string> EnvironmentFacts(
      const std::vector<Deployment>& deployments) override;

 private:
  NativeSubstrate(NativeSubstrateConfig config, RunLock lock, std::filesystem::path probe)
      : config_(std::move(config)), lock_(std::move(lock)), probe_(std::move(probe)) {}
  std::filesystem::path dir() const { return config_.state_dir / "native"; }
  std::filesystem::path netns_registry() const { return config_.state_dir / "netns"; }

  NativeSubstrateConfig config_;
  RunLock lock_;
  std::filesystem::path probe_;  // staged where the host user can reach it
  std::atomic<int> sandbox_counter_{0};
  std::mutex world_mutex_;
  std::unique_ptr<World> world_;
  std::unique_ptr<WorldServices> world_services_;  // declared after world_: stopped first
};

}  // namespace sandcheck
