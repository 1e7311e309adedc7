#include "clusters/kubernetes/kind_substrate.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "clusters/kubernetes/kubernetes_sandbox.h"
#include "clusters/kubernetes/pod_spec.h"
#include "clusters/kubernetes/sandbox_claims.h"
#include "clusters/oci/content_hash.h"
#include "clusters/oci/image_spec.h"
#include "core/fs_util.h"
#include "core/log.h"

namespace sandcheck {
namespace {

using json = nlohmann::json;

// The kubelet's seccomp root on the node; Localhost profiles are named relative to it.
constexpr std::string_view kNodeSeccompRoot = "/var/lib/kubelet/seccomp";

Capability Can(std::string how) { return {true, std::move(how)}; }
Capability Cannot(std::string why) { return {false, std::move(why)}; }

// What every runtime class of this cluster shares: the kubelet's pod cgroup, containerd's
// overlay snapshot, emptyDir tmpfs, and no world yet.
std::map<CapabilityKind, Capability> PodCapabilities() {
  return {
      {CapabilityKind::kCgroupLimits,
       Can("the kubelet's pod cgroup: memory and cpu from the pod's resources, pids from the "
           "node's podPidsLimit")},
      {CapabilityKind::kOverlayRootfs,
       Can("containerd's overlayfs snapshot of the image loaded into the node")},
      {CapabilityKind::kOwnTmpfs, Can("an emptyDir of medium Memory, sized by its sizeLimit")},
      {CapabilityKind::kMountFlags,
       Cannot("an emptyDir of medium Memory is a tmpfs the kubelet mounts with its own flags; a "
              "pod cannot ask for noexec, nosuid or nodev")},
      {CapabilityKind::kWorldNetwork,
       Cannot("the run's world is not attached to the cluster's pod network yet (issue 15)")},
      {CapabilityKind::kEgressProxy,
       Cannot("the run's world is not attached to the cluster's pod network yet (issue 15)")},
  };
}

std::optional<int64_t> NodePidsLimit(const Kubectl& kubectl, const std::string& node) {
  auto configz = kubectl.Run({"get", "--raw", "/api/v1/nodes/" + node + "/proxy/configz"},
                             std::chrono::seconds(20));
  if (!configz.ok() || !configz->Succeeded()) return std::nullopt;
  json parsed = json::parse(configz->out, nullptr, /*allow_exceptions=*/false);
  const json::json_pointer pointer("/kubeletconfig/podPidsLimit");
  if (parsed.is_discarded() || !parsed.contains(pointer) || !parsed[pointer].is_number_integer()) {
    return std::nullopt;
  }
  const int64_t limit = parsed[pointer].get<int64_t>();
  return limit > 0 ? std::optional<int64_t>(limit) : std::nullopt;
}

// A reference as the node's containerd names it: "busybox" is docker.io/library/busybox:latest.
std::string NormalizedImageName(const std::string& reference) {
  std::string name = reference;
  const size_t slash = name.find('/');
  const std::string first = slash == std::string::npos ? "" : name.substr(0, slash);
  if (slash == std::string::npos) {
    name = "docker.io/library/" + name;
  } else if (first.find_first_of(".:") == std::string::npos && first != "localhost") {
    name = "docker.io/" + name;
  }
  const size_t last_slash = name.rfind('/');
  if (name.find('@') == std::string::npos && name.find(':', last_slash) == std::string::npos) {
    name += ":latest";
  }
  return name;
}

}  // namespace

std::string StateDirLabel(const std::filesystem::path& state_dir) {
  return Sha256Hex(state_dir.lexically_normal().string()).substr(0, 16);
}

Result<std::unique_ptr<KindSubstrate>> KindSubstrate::Create(KindSubstrateConfig config) {
  if (!config.state_dir.is_absolute()) {
    return Fail("state dir {} is not absolute", config.state_dir.string());
  }
  ASSIGN_OR_RETURN(KindCluster cluster, FindKindCluster());
  Status engine = EngineClient(config.socket).Ping();
  if (!engine.ok()) {
    return Fail(
        "no Docker engine answers on {} (the kind node runs there): {}. fix: bash "
        "ci/dockerd.sh",
        config.socket.string(), engine.message());
  }
  ASSIGN_OR_RETURN(json classes,
                   cluster.kubectl.GetJson({"get", "runtimeclasses"}, std::chrono::seconds(20)));
  std::set<std::string> runtime_classes;
  for (const json& item : classes.value("items", json::array())) {
    runtime_classes.insert(item.value(json::json_pointer("/metadata/name"), std::string()));
  }
  ASSIGN_OR_RETURN(json version, cluster.kubectl.GetJson({"version"}, std::chrono::seconds(20)));
  std::string server =
      version.value(json::json_pointer("/serverVersion/gitVersion"), std::string("unknown"));
  std::optional<int64_t> pids = NodePidsLimit(cluster.kubectl, cluster.node);
  ASSIGN_OR_RETURN(RunLock lock, RunLock::Acquire(config.state_dir / "locks", config.run_id));
  return std::unique_ptr<KindSubstrate>(
      new KindSubstrate(std::move(config), std::move(lock), std::move(cluster),
                        std::move(runtime_classes), pids, std::move(server)));
}

KindSubstrate::KindSubstrate(KindSubstrateConfig config, RunLock lock, KindCluster cluster,
                             std::set<std::string> runtime_classes,
                             std::optional<int64_t> pids_limit, std::string server_version)
    : config_(std::move(config)),
      lock_(std::move(lock)),
      cluster_(std::move(cluster)),
      kubectl_(std::make_shared<const Kubectl>(cluster_.kubectl)),
      runtime_classes_(std::move(runtime_classes)),
      pids_limit_(pids_limit),
      server_version_(std::move(server_version)),
      namespace_(ResourceName(config_.run_id, "run")),
      state_label_(StateDirLabel(config_.state_dir)) {}

KindSubstrate::~KindSubstrate() {
  // Without waiting: the namespaces' pods are already gone with their leases, and the API
  // server finishes the rest; a sweep catches a namespace this process did not see go.
  for (const auto& name : namespaces_) {
    auto deleted =
        kubectl_->Run({"delete", "namespace", name, "--wait=false", "--ignore-not-found"},
                      config_.timeouts.cleanup_step);
    if (!deleted.ok() || !deleted->Succeeded()) {
      SC_WARN("namespace {} left behind: {}", name,
              deleted.ok() ? Tail(deleted->err) : deleted.message());
    }
  }
  if (namespaces_.empty()) return;
  (void)RunOnNode(node(), {"rm", "-rf", NodeListenerDir(config_.run_id.str())},
                  config_.timeouts.cleanup_step);
}

NodeAddress KindSubstrate::node() const {
  return {cluster_.node, config_.socket, config_.run_id.str()};
}

Result<std::string> KindSubstrate::RuntimeClassFor(RuntimeKind runtime) const {
  switch (runtime) {
    case RuntimeKind::kRunc:
      return std::string();
    case RuntimeKind::kRunsc:
      if (runtime_classes_.contains("gvisor")) return std::string("gvisor");
      return Fail(
          "the cluster has no RuntimeClass gvisor. fix: kubectl apply -f "
          "clusters/kind/manifests/runtime-classes.yaml");
    case RuntimeKind::kKata:
      for (const auto& name : runtime_classes_) {
        if (name.starts_with("kata")) return name;
      }
      return Fail(
          "the cluster has no kata-* RuntimeClass: Kata needs its agent and guest "
          "kernel on the nodes, which no registry this machine reaches serves "
          "(docs/kubernetes.md); use runtime runsc for a sandbox kernel here");
    default:
      return Fail("{} is not a runtime of the kind substrate", ToString(runtime));
  }
}

RuntimeCapabilities KindSubstrate::Capabilities(RuntimeKind runtime) const {
  RuntimeCapabilities result;
  auto runtime_class = RuntimeClassFor(runtime);
  std::map<CapabilityKind, Capability> known = PodCapabilities();
  const bool gvisor = runtime == RuntimeKind::kRunsc;
  const bool vm = runtime == RuntimeKind::kKata;
  known[CapabilityKind::kSandboxKernel] =
      gvisor ? Can("gVisor's Sentry (systrap), through RuntimeClass gvisor")
      : vm ? Can("a VM kernel, through RuntimeClass " + (runtime_class.ok() ? *runtime_class : ""))
           : Cannot("runc shares the node's kernel, which is the machine's");
  if (gvisor) {
    known[CapabilityKind::kOwnTmpfs] = Cannot(
        "every container of a gvisor pod runs in a gVisor sandbox of its own "
        "(clusters/kind/node: runsc-pod), so an emptyDir reaches it through the gofer as "
        "a 9p file tree, not a tmpfs of the sandbox's own");
  }
  known[CapabilityKind::kSeccomp] =
      gvisor ? Can("the pod's profile, enforced by the Sentry (runsc --oci-seccomp)")
             : Can("the pod's RuntimeDefault or Localhost profile, loaded by runc");
  known[CapabilityKind::kSeccompExec] =
      gvisor || vm ? Cannot("kubectl exec runs outside the init's seccomp filters (runsc exec)")
                   : Can("kubectl exec processes inherit the container's filters (runc exec)");
  for (auto& [name, capability] : known) {
    result.capabilities[name] =
        runtime_class.ok() ? capability : Capability{false, runtime_class.message()};
  }
  if (runtime_class.ok()) {
    result.runtime_version = fmt::format(
        "kubernetes {} ({} via {})", server_version_, ToString(runtime),
        runtime_class->empty() ? "the default runtime, runc" : "RuntimeClass " + *runtime_class);
  }
  return result;
}

Status KindSubstrate::EnsureNamespace(const std::string& name, bool deny_all) {
  if (namespaces_.contains(name)) return Status::Ok();
  json labels = {{kKubeRunLabel, config_.run_id.str()}, {kKubeStateLabel, state_label_}};
  std::string objects = json{{"apiVersion", "v1"},
                             {"kind", "Namespace"},
                             {"metadata", {{"name", name}, {"labels", labels}}}}
                            .dump();
  // network: none on Kubernetes: the pod network, fenced by a policy that denies every
  // connection in and out (kube-router enforces it; tests/kind proves it before any check).
  if (deny_all) {
    json policy = {
        {"apiVersion", "networking.k8s.io/v1"},
        {"kind", "NetworkPolicy"},
        {"metadata", {{"name", "network-none"}, {"namespace", name}, {"labels", labels}}},
        {"spec",
         {{"podSelector", {{"matchLabels", {{kKubeNetworkLabel, "none"}}}}},
          {"policyTypes", {"Ingress", "Egress"}}}}};
    objects += "\n---\n" + policy.dump();
  }
  RETURN_IF_ERROR(kubectl_->Apply(objects, config_.timeouts.runtime_command));
  namespaces_.insert(name);
  return Status::Ok();
}

Result<SandboxImage> KindSubstrate::ImageFor(const Deployment& deployment) {
  std::lock_guard lock(mutex_);
  const std::string key = ImageCacheKey(deployment);
  if (auto it = images_.find(key); it != images_.end()) return it->second;
  EngineClient engine(config_.socket);
  ASSIGN_OR_RETURN(SandboxImage image,
                   EnsureSandboxImage(engine, deployment,
                                      {config_.busybox, config_.probe_binary,
                                       DefaultClaudeCodeImageSpec(), config_.shared_bases},
                                      {config_.state_dir / "rootfs", config_.run_id},
                                      config_.timeouts.rootfs_build));
  // The node's containerd keeps images across runs; the tag names the content.
  const std::string in_node = "docker.io/library/" + image.reference;
  auto listed = RunOnNode(node(), {"ctr", "-n", "k8s.io", "images", "ls", "-q", "name==" + in_node},
                          config_.timeouts.runtime_command);
  if (!listed.ok() || listed->out.find(in_node) == std::string::npos) {
    ProcessSpec load;
    load.argv = {"bash",
                 "-o",
                 "pipefail",
                 "-c",
                 "docker save \"$1\" | docker exec -i \"$2\" ctr -n k8s.io images import -",
                 "load",
                 image.reference,
                 cluster_.node};
    load.env_overrides = {{"DOCKER_HOST", "unix://" + config_.socket.string()}};
    load.timeout = config_.timeouts.rootfs_build;
    ASSIGN_OR_RETURN(ProcessOutcome loaded, RunProcess(load));
    if (!loaded.Succeeded()) {
      return Fail("load image {} into node {}: {}: {}", image.reference, cluster_.node,
                  loaded.DescribeEnd(), Tail(loaded.err));
    }
  }
  images_[key] = image;
  return image;
}

Result<std::string> KindSubstrate::InstallSeccompProfile(const Deployment& deployment) {
  if (deployment.seccomp != SeccompMode::kProfile) return std::string();
  ASSIGN_OR_RETURN(std::string profile, ReadFile(deployment.seccomp_profile));
  const std::string relative = fmt::format("sandcheck/{}.json", Sha256Hex(profile).substr(0, 16));
  NodeHost host(node());
  RETURN_IF_ERROR(host.WriteFile(std::filesystem::path(kNodeSeccompRoot) / relative, profile));
  return relative;
}

Result<std::map<std::string, std::string>> KindSubstrate::EnsureClaims(
    const Deployment& deployment) {
  std::map<std::string, std::string> claims;
  for (const auto& volume : deployment.volumes) {
    const std::string name = "vol-" + volume.name;
    claims[volume.name] = name;
    std::lock_guard lock(mutex_);
    if (claims_.contains(name)) continue;  // an earlier sandbox of this run made it
    json claim = {
        {"apiVersion", "v1"},
        {"kind", "PersistentVolumeClaim"},
        {"metadata",
         {{"name", name},
          {"namespace", namespace_},
          {"labels",
           {{kKubeRunLabel, config_.run_id.str()}, {"io.sandcheck.volume", volume.name}}}}},
        // The cluster's default StorageClass (local-path): a folder on the node that outlives
        // the pods that mount it, as a volume outlives containers on the docker substrate.
        {"spec",
         {{"accessModes", {"ReadWriteOnce"}},
          {"resources", {{"requests", {{"storage", "64Mi"}}}}}}}};
    RETURN_IF_ERROR(kubectl_->Apply(claim.dump(), config_.timeouts.runtime_command));
    claims_.insert(name);
  }
  return claims;
}

Result<std::string> KindSubstrate::EnsureTemplate(const json& pod) {
  // One template and pool per distinct pod: the same deployment's sandboxes share them.
  const std::string name = "tpl-" + Sha256Hex(pod["spec"].dump()).substr(0, 12);
  std::lock_guard lock(mutex_);
  if (templates_.contains(name)) return name;
  RETURN_IF_ERROR(kubectl_->Apply(
      TemplateAndPoolFor(pod, name, {{std::string(kKubeRunLabel), config_.run_id.str()}}, 0),
      config_.timeouts.runtime_command));
  templates_.insert(name);
  return name;
}

Result<SandboxLease> KindSubstrate::Acquire(const Deployment& deployment,
                                            const AcquireOptions& options) {
  ASSIGN_OR_RETURN(std::string runtime_class, RuntimeClassFor(deployment.runtime));
  const double scale = deployment.runtime == RuntimeKind::kRunc ? 1.0 : 3.0;
  Timeouts timeouts = config_.timeouts.Scaled(scale);
  std::string claim;
  {
    std::lock_guard lock(mutex_);
    claim = ResourceName(config_.run_id, fmt::format("{}-{}", options.purpose, ++sandbox_counter_));
    if (deployment.kubernetes.files.empty()) RETURN_IF_ERROR(EnsureNamespace(namespace_, true));
  }
  if (!deployment.kubernetes.files.empty()) {
    return AcquireFromManifests(deployment, claim, timeouts);
  }
  ASSIGN_OR_RETURN(SandboxImage image, ImageFor(deployment));
  ASSIGN_OR_RETURN(auto claims, EnsureClaims(deployment));
  ASSIGN_OR_RETURN(std::string seccomp, InstallSeccompProfile(deployment));
  PodPlacement placement{
      .name = "sandbox",  // the template's pod has no name of its own; the controller names it
      .name_space = namespace_,
      .image = image.reference,
      .labels = {{std::string(kKubeRunLabel), config_.run_id.str()},
                 {std::string(kKubeNetworkLabel), std::string(ToString(deployment.network))}},
      .runtime_class = runtime_class,
      .volume_claims = claims,
      .node_pids_limit = pids_limit_,
      .seccomp_localhost = seccomp};
  ASSIGN_OR_RETURN(json pod, PodFor(deployment, placement));
  ASSIGN_OR_RETURN(std::string pool, EnsureTemplate(pod));
  auto claimed = [&]() -> Result<ClaimedPod> {
    RETURN_IF_ERROR(kubectl_->Apply(
        ClaimFor(claim, namespace_, pool, {{std::string(kKubeRunLabel), config_.run_id.str()}}),
        timeouts.runtime_command));
    // Scheduling, a volume bound on first use, and a gVisor boot: more than one command's time.
    return WaitForClaimedPod(*kubectl_, namespace_, claim, "sandbox", timeouts.runtime_command * 4);
  }();
  if (!claimed.ok()) {
    Status undone = DeleteClaim(*kubectl_, namespace_, claim, "", timeouts.cleanup_step);
    return Fail("acquire {} ({} on kind, image {}) for deployment '{}': {}{}", claim,
                ToString(deployment.runtime), image.reference, deployment.name, claimed.message(),
                undone.ok() ? "" : "; cleanup failed too: " + undone.message());
  }
  SC_DEBUG("sandbox {} is pod {} in {} ({} {})", claim, claimed->pod, namespace_,
           ToString(deployment.runtime), runtime_class.empty() ? "runc" : runtime_class);
  return SandboxLease(std::make_unique<KubernetesSandbox>(
      kubectl_, deployment,
      PodLease{claim, claimed->pod, namespace_, "sandbox", "", claimed->container_id, timeouts},
      node()));
}

Status KindSubstrate::TagInNode(const SandboxImage& image, const std::string& reference) {
  auto tagged = RunOnNode(node(),
                          {"ctr", "-n", "k8s.io", "images", "tag", "--force",
                           "docker.io/library/" + image.reference, NormalizedImageName(reference)},
                          config_.timeouts.runtime_command);
  if (!tagged.ok()) return tagged.error();
  if (!tagged->Succeeded()) {
    return Fail("tag {} as {} on node {}: {}: {}", image.reference, reference, cluster_.node,
                tagged->DescribeEnd(), Tail(tagged->err));
  }
  return Status::Ok();
}

Result<SandboxLease> KindSubstrate::AcquireFromManifests(const Deployment& deployment,
                                                         const std::string& claim,
                                                         const Timeouts& timeouts) {
  ASSIGN_OR_RETURN(SandboxImage image, ImageFor(deployment));
  ManifestPlacement placement;
  placement.labels = {{std::string(kKubeRunLabel), config_.run_id.str()}};
  placement.probe_image = image.reference;
  ManifestSandbox sandbox;
  {
    // Two deployments' manifests may use the same names: each file gets a namespace of its own.
    std::lock_guard lock(mutex_);
    auto it = manifest_runs_.find(deployment.source_file);
    if (it == manifest_runs_.end()) {
      ASSIGN_OR_RETURN(ManifestSandbox planned, PlanManifestSandbox(deployment));
      const std::string name_space =
          ResourceName(config_.run_id, fmt::format("m{}", manifest_runs_.size() + 1));
      it = manifest_runs_.emplace(deployment.source_file, ManifestRun{name_space, planned}).first;
    }
    ManifestRun& run = it->second;
    placement.name_space = run.name_space;
    if (!run.applied) {
      if (!deployment.kubernetes.image_reference.empty()) {
        RETURN_IF_ERROR(TagInNode(image, deployment.kubernetes.image_reference));
      }
      RETURN_IF_ERROR(EnsureNamespace(run.name_space, false));
      RETURN_IF_ERROR(kubectl_->Apply(ManifestsToApply(run.sandbox, deployment, placement),
                                      timeouts.runtime_command));
      run.applied = true;
    }
    sandbox = run.sandbox;
  }
  auto claimed = [&]() -> Result<ClaimedPod> {
    RETURN_IF_ERROR(
        kubectl_->Apply(ManifestClaim(sandbox, claim, placement), timeouts.runtime_command));
    return WaitForClaimedPod(*kubectl_, placement.name_space, claim, sandbox.container,
                             timeouts.runtime_command * 4);
  }();
  if (!claimed.ok()) {
    Status undone = DeleteClaim(*kubectl_, placement.name_space, claim, "", timeouts.cleanup_step);
    return Fail("acquire {} (pool {} of {}) for deployment '{}': {}{}", claim, sandbox.warm_pool,
                deployment.source_file.string(), deployment.name, claimed.message(),
                undone.ok() ? "" : "; cleanup failed too: " + undone.message());
  }
  return SandboxLease(std::make_unique<KubernetesSandbox>(
      kubectl_, deployment,
      PodLease{claim, claimed->pod, placement.name_space, sandbox.container,
               std::string(kProbePathInPod), claimed->container_id, timeouts},
      node()));
}

std::map<std::string, std::string> KindSubstrate::EnvironmentFacts(
    const std::vector<Deployment>& deployments) {
  std::map<std::string, std::string> facts{{"kubernetes", server_version_},
                                           {"kind cluster", cluster_.name}};
  auto node_container = EngineClient(config_.socket)
                            .Json("GET", "/containers/" + cluster_.node + "/json", nullptr,
                                  config_.timeouts.runtime_command);
  if (node_container.ok()) {
    facts["kind node image"] =
        node_container->value(json::json_pointer("/Config/Image"), std::string("unknown"));
  }
  for (const auto& deployment : deployments) {
    auto image = ImageFor(deployment);
    facts["image " + deployment.name] =
        image.ok() ? image->reference + " " + image->id : "import failed: " + image.message();
  }
  return facts;
}

Status KindSubstrate::SweepAbandoned() {
  auto listed = kubectl_->GetJson(
      {"get", "namespaces", "-l", fmt::format("{}={}", kKubeStateLabel, state_label_)},
      config_.timeouts.runtime_command);
  if (!listed.ok()) return listed.error();
  std::vector<std::string> problems;
  for (const json& item : listed->value("items", json::array())) {
    const std::string name = item.value(json::json_pointer("/metadata/name"), std::string());
    const std::string run = item.value(
        json::json_pointer("/metadata/labels/" + std::string(kKubeRunLabel)), std::string());
    auto id = RunId::Parse(run);
    if (!id.ok() || *id == config_.run_id) continue;
    if (!RunLock::IsAbandoned(config_.state_dir / "locks", *id)) continue;
    SC_INFO("sweeping namespace {} of abandoned run {}", name, run);
    auto deleted =
        kubectl_->Run({"delete", "namespace", name, "--wait=false", "--ignore-not-found"},
                      config_.timeouts.cleanup_step);
    if (!deleted.ok() || !deleted->Succeeded()) {
      problems.push_back(fmt::format("namespace {}: {}", name,
                                     deleted.ok() ? Tail(deleted->err) : deleted.message()));
    }
    // Loopback listeners a killed harness left on the node.
    (void)RunOnNode(node(),
                    {"sh", "-c",
                     "for p in \"$1\"/*.pid; do [ -f \"$p\" ] && kill \"$(cat \"$p\")\"; done; "
                     "rm -rf \"$1\"",
                     "-", NodeListenerDir(run)},
                    config_.timeouts.cleanup_step);
  }
  if (problems.empty()) return Status::Ok();
  return Fail("sweep of the kind cluster: {}", fmt::join(problems, "; "));
}

}  // namespace sandcheck
