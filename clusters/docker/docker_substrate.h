// The docker substrate: sandboxes are containers of a real Docker engine, driven through its
// Engine API over the unix socket (engine_client.h). Images are imported from sandcheck's own
// rootfs recipe; every container and volume carries the run id as a label and is swept when
// its run is abandoned. See docs/docker-substrate.md.
#pragma once

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "clusters/docker/engine_client.h"
#include "clusters/docker/image_import.h"
#include "clusters/substrate.h"
#include "clusters/world/join_world.h"
#include "clusters/world/world.h"
#include "clusters/world/world_services.h"
#include "core/run_id.h"
#include "core/timeouts.h"

namespace sandcheck {

struct DockerSubstrateConfig {
  std::filesystem::path state_dir = "/var/lib/sandcheck";  // run locks live in <state>/locks
  std::filesystem::path socket = std::string(kDefaultDockerSocket);
  std::filesystem::path probe_binary;  // copied into every imported image
  std::filesystem::path busybox = "/bin/busybox";
  // Claude-code bases shared with other state directories (EnsureClaudeCodeBase); empty: none.
  std::filesystem::path shared_bases;
  Timeouts timeouts;
  RunId run_id = RunId::Generate();
};

class DockerSubstrate : public Substrate {
 public:
  // Pings the engine (an error says how to start one), reads its runtimes and takes the
  // run's lock.
  static Result<std::unique_ptr<DockerSubstrate>> Create(DockerSubstrateConfig config);
  // Removes this run's volumes: they outlive sandboxes, not the run.
  ~DockerSubstrate() override;

  SubstrateKind kind() const override { return SubstrateKind::kDocker; }
  const RunId& run_id() const override { return config_.run_id; }
  RuntimeCapabilities Capabilities(RuntimeKind runtime) const override;
  Result<SandboxLease> Acquire(const Deployment& deployment,
                               const AcquireOptions& options) override;
  Status SweepAbandoned() override;

  // The image the deployment's sandboxes run, imported on first use (for reports).
  Result<SandboxImage> ImageFor(const Deployment& deployment);
  const EngineClient& engine() const { return *engine_; }
  const std::string& engine_version() const { return engine_version_; }
  // The engine volume behind a deployment's volume name in this run.
  std::string VolumeName(const std::string& name) const;
  // The run's world (clusters/world) and its hosts' servers, made on first use; `network:
  // world` containers join it.
  Result<World*> EnsureWorld() override;
  // The engine's version and, per deployment, the image imported for it (or why not).
  std::map<std::string, std::string> EnvironmentFacts(
      const std::vector<Deployment>& deployments) override;

 private:
  DockerSubstrate(DockerSubstrateConfig config, RunLock lock,
                  std::shared_ptr<const EngineClient> engine, std::string engine_version,
                  std::set<std::string> engine_runtimes);
  Result<std::map<std::string, std::string>> EnsureVolumes(const Deployment& deployment);
  std::string UnavailableReason(RuntimeKind runtime) const;
  // Stages a `network: world` sandbox's link (and its proxy) and adds the world's binds and
  // environment to `deployment` (an empty join for other network modes); undone by `teardown`.
  Result<WorldJoin> StageWorldLink(Deployment& deployment, const std::string& purpose,
                                   CleanupStack& teardown);
  // Moves the staged link into the namespace of the started container `inspected` describes
  // (GET /containers/<id>/json), named sc-<run>-<purpose>.
  Result<NetNamespace> MoveIntoContainer(const WorldJoin& join, const std::string& purpose,
                                         const nlohmann::json& inspected);
  // Where the world's namespaces are recorded for the sweep (the oci substrate's place).
  std::filesystem::path WorldRegistry() const { return config_.state_dir / "netns"; }
  // This run's files on the host: the world's resolv.conf and hosts, the proxies' directories.
  std::filesystem::path RunDir() const;

  DockerSubstrateConfig config_;
  RunLock lock_;
  std::shared_ptr<const EngineClient> engine_;
  std::string engine_version_;
  std::set<std::string> engine_runtimes_;  // what daemon.json registered

  std::mutex mutex_;                            // guards the two caches below
  std::map<std::string, SandboxImage> images_;  // deployment file identity -> image
  std::set<std::string> volumes_;               // engine volumes this run created
  std::atomic<int> sandbox_counter_{0};

  std::mutex world_mutex_;
  std::unique_ptr<World> world_;
  std::unique_ptr<WorldServices> world_services_;  // declared after world_: stopped first
};

}  // namespace sandcheck
