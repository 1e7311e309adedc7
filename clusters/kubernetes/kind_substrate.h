// The kind substrate: sandboxes are claimed from agent-sandbox in the kind cluster
// clusters/kind/cluster.sh brings up (a node sandcheck assembles itself, gVisor as RuntimeClass
// `gvisor`, kube-router enforcing NetworkPolicy). Each run gets a namespace labelled with its run
// id; the sandbox image is the docker substrate's, loaded into the node's containerd; the pod
// from pod_spec.h becomes a SandboxTemplate with its warm pool, and every sandbox a SandboxClaim
// (sandbox_claims.h); exec goes through the API server; the node is the host view. See
// docs/kubernetes.md.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

#include "clusters/docker/engine_client.h"
#include "clusters/docker/image_import.h"
#include "clusters/kubernetes/kind_cluster.h"
#include "clusters/kubernetes/manifest_sandbox.h"
#include "clusters/kubernetes/node_host.h"
#include "clusters/substrate.h"
#include "core/run_id.h"
#include "core/timeouts.h"

namespace sandcheck {

// Labels on everything the substrate creates in the cluster; the sweep finds namespaces by them.
inline constexpr std::string_view kKubeRunLabel = "io.sandcheck.run";
inline constexpr std::string_view kKubeStateLabel =
    "io.sandcheck.state";  // a hash of the state dir
inline constexpr std::string_view kKubeNetworkLabel = "io.sandcheck.network";

struct KindSubstrateConfig {
  std::filesystem::path state_dir = "/var/lib/sandcheck";  // run locks live in <state>/locks
  std::filesystem::path socket = std::string(kDefaultDockerSocket);
  std::filesystem::path probe_binary;  // in every image
  std::filesystem::path busybox = "/bin/busybox";
  std::filesystem::path shared_bases;
  Timeouts timeouts;
  RunId run_id = RunId::Generate();
};

class KindSubstrate : public Substrate {
 public:
  // Finds the cluster (an error says how to start it), reads its RuntimeClasses and the node's
  // pids limit, and takes the run's lock.
  static Result<std::unique_ptr<KindSubstrate>> Create(KindSubstrateConfig config);
  // Deletes the run's namespace, with its claims and policies.
  ~KindSubstrate() override;

  SubstrateKind kind() const override { return SubstrateKind::kKind; }
  const RunId& run_id() const override { return config_.run_id; }
  RuntimeCapabilities Capabilities(RuntimeKind runtime) const override;
  Result<SandboxLease> Acquire(const Deployment& deployment,
                               const AcquireOptions& options) override;
  // Deletes the namespaces of dead runs of this state dir, and their listeners on the node.
  Status SweepAbandoned() override;
  Result<World*> EnsureWorld() override {
    return Fail("the kind substrate has no world yet: its pods reach no outside hosts (issue 15)");
  }
  std::map<std::string, std::string> EnvironmentFacts(
      const std::vector<Deployment>& deployments) override;

  // The run's namespace (made on first use).
  const std::string& name_space() const { return namespace_; }
  const KindCluster& cluster() const { return cluster_; }
  // The image for `deployment`, imported into the engine and loaded into the node.
  Result<SandboxImage> ImageFor(const Deployment& deployment);

 private:
  KindSubstrate(KindSubstrateConfig config, RunLock lock, KindCluster cluster,
                std::set<std::string> runtime_classes, std::optional<int64_t> pids_limit,
                std::string server_version);
  // A namespace of the run, labelled for the sweep; `deny_all` adds the network-none policy.
  Status EnsureNamespace(const std::string& name, bool deny_all);
  // A sandbox of a deployment written as manifests (deployment.kubernetes), in a namespace of
  // its own: the user's objects as written, plus the run's labels and the probe.
  Result<SandboxLease> AcquireFromManifests(const Deployment& deployment, const std::string& name,
                                            const Timeouts& timeouts);
  // The deployment's image under the reference its manifests name, on the node.
  Status TagInNode(const SandboxImage& image, const std::string& reference);
  Result<std::map<std::string, std::string>> EnsureClaims(const Deployment& deployment);
  Result<std::string> InstallSeccompProfile(const Deployment& deployment);
  // The SandboxTemplate and SandboxWarmPool (one name) holding `pod`, made on first use.
  Result<std::string> EnsureTemplate(const nlohmann::json& pod);
  // The RuntimeClass a runtime maps to ("" for the cluster's default, runc), or why none.
  Result<std::string> RuntimeClassFor(RuntimeKind runtime) const;
  NodeAddress node() const;

  KindSubstrateConfig config_;
  RunLock lock_;
  KindCluster cluster_;
  std::shared_ptr<const Kubectl> kubectl_;
  std::set<std::string> runtime_classes_;
  std::optional<int64_t> pids_limit_;
  std::string server_version_;
  std::string namespace_;
  std::string state_label_;

  std::mutex mutex_;                  // guards what follows
  std::set<std::string> namespaces_;  // made by this run
  // A deployment file written as manifests, applied once per run in a namespace of its own.
  struct ManifestRun {
    std::string name_space;
    ManifestSandbox sandbox;
    bool applied = false;
  };
  std::map<std::filesystem::path, ManifestRun> manifest_runs_;  // by deployment file
  std::map<std::string, SandboxImage> images_;  // recipe key -> image loaded into the node
  std::set<std::string> claims_;                // PersistentVolumeClaims
  std::set<std::string> templates_;             // SandboxTemplates, each with its SandboxWarmPool
  int sandbox_counter_ = 0;
};

// The value of kKubeStateLabel for a state dir: label values cannot hold a path.
std::string StateDirLabel(const std::filesystem::path& state_dir);

}  // namespace sandcheck
