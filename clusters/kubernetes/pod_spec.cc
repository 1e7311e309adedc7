#include "clusters/kubernetes/pod_spec.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "clusters/docker/container_spec.h"
#include "clusters/oci/entrypoint_args.h"

namespace sandcheck {
namespace {

using json = nlohmann::json;

constexpr long kCpuRequestMillis = 50;

// Kubernetes names capabilities without the CAP_ prefix.
json CapabilityNames(const std::vector<std::string>& names) {
  json out = json::array();
  for (const auto& name : names) out.push_back(name.starts_with("CAP_") ? name.substr(4) : name);
  return out;
}

// "NAME=value" entries (SandboxEnvironment's form) as a container's env list.
json EnvList(const std::vector<std::string>& entries) {
  json out = json::array();
  for (const auto& entry : entries) {
    const size_t equals = entry.find('=');
    out.push_back({{"name", entry.substr(0, equals)},
                   {"value", equals == std::string::npos ? "" : entry.substr(equals + 1)}});
  }
  return out;
}

// What a Pod cannot say: every such field of the deployment, by its name in the file.
std::vector<std::string> Inexpressible(const Deployment& deployment,
                                       const PodPlacement& placement) {
  std::vector<std::string> missing;
  if (deployment.limits.pids && deployment.limits.pids != placement.node_pids_limit) {
    missing.push_back(fmt::format(
        "limits.pids: {} (a pod's only pids limit is the kubelet's podPidsLimit, node-wide, "
        "which is {} here)",
        *deployment.limits.pids,
        placement.node_pids_limit ? std::to_string(*placement.node_pids_limit) : "unset"));
  }
  if (!deployment.binds.empty()) {
    missing.push_back("binds (a host path of this machine is not on the cluster's nodes)");
  }
  if (deployment.seccomp == SeccompMode::kProfile && placement.seccomp_localhost.empty()) {
    missing.push_back("seccomp: profile (a Localhost profile must be installed on every node)");
  }
  if (deployment.network == NetworkMode::kWorld) {
    missing.push_back("network: world (the world is not attached to the cluster yet)");
  }
  for (const auto& tmpfs : deployment.tmpfs) {
    // The kubelet mounts an emptyDir of medium Memory as a plain tmpfs (rw, mode 1777): no flag
    // a pod could ask for.
    if (tmpfs.noexec || tmpfs.nosuid || tmpfs.nodev || tmpfs.mode != 01777) {
      missing.push_back(fmt::format(
          "tmpfs {} (an emptyDir of medium Memory is mounted without noexec, nosuid and nodev, "
          "mode 1777: declare noexec: false, nosuid: false, nodev: false, mode: \"1777\")",
          tmpfs.path));
    }
  }
  for (const auto& volume : deployment.volumes) {
    if (!placement.volume_claims.contains(volume.name)) {
      missing.push_back(fmt::format("volumes: {} (no PersistentVolumeClaim for it)", volume.name));
    }
  }
  return missing;
}

json SeccompProfile(const Deployment& deployment, const PodPlacement& placement) {
  switch (deployment.seccomp) {
    case SeccompMode::kUnconfined:
      return {{"type", "Unconfined"}};
    case SeccompMode::kProfile:
      return {{"type", "Localhost"}, {"localhostProfile", placement.seccomp_localhost}};
    case SeccompMode::kRuntimeDefault:
      break;
  }
  return {{"type", "RuntimeDefault"}};
}

json SecurityContext(const Deployment& deployment, const PodPlacement& placement) {
  json capabilities = {{"drop", CapabilityNames(deployment.capabilities_drop)}};
  if (!deployment.capabilities_add.empty()) {
    capabilities["add"] = CapabilityNames(deployment.capabilities_add);
  }
  json context = {
      {"runAsUser", deployment.user.uid},
      {"runAsGroup", deployment.user.gid},
      {"runAsNonRoot", deployment.user.uid != 0},
      {"readOnlyRootFilesystem", deployment.read_only_root},
      {"allowPrivilegeEscalation", deployment.privileged || !deployment.no_new_privileges},
      {"privileged", deployment.privileged},
      {"capabilities", capabilities},
      {"seccompProfile", SeccompProfile(deployment, placement)},
  };
  return context;
}

// The limits are the promise (the pod cgroup's quota and memory limit). A cpu request equal to
// the limit would only reserve scheduling room: on a small node two sandboxes of one cpu each
// would never fit beside the control plane, so the request is a token share of it.
json Resources(const Limits& limits) {
  json resource_limits = json::object();
  json requests = json::object();
  if (limits.memory_bytes) {
    resource_limits["memory"] = std::to_string(*limits.memory_bytes);
    requests["memory"] = resource_limits["memory"];
  }
  if (limits.cpus) {
    const long millis = static_cast<long>(*limits.cpus * 1000.0 + 0.5);
    resource_limits["cpu"] = fmt::format("{}m", millis);
    requests["cpu"] = fmt::format("{}m", std::min(millis, kCpuRequestMillis));
  }
  return {{"limits", resource_limits}, {"requests", requests}};
}

}  // namespace

Result<json> PodFor(const Deployment& deployment, const PodPlacement& placement) {
  if (auto missing = Inexpressible(deployment, placement); !missing.empty()) {
    std::string list;
    for (const auto& field : missing) list += "\n  - " + field;
    return Fail("deployment {} ({}): a Kubernetes pod cannot express:{}", deployment.name,
                deployment.source_file.string(), list);
  }
  json volumes = json::array();
  json mounts = json::array();
  for (size_t i = 0; i < deployment.tmpfs.size(); ++i) {
    const TmpfsMount& tmpfs = deployment.tmpfs[i];
    json empty_dir = {{"medium", "Memory"}};
    if (tmpfs.size_bytes > 0) empty_dir["sizeLimit"] = std::to_string(tmpfs.size_bytes);
    const std::string name = fmt::format("tmpfs-{}", i);
    volumes.push_back({{"name", name}, {"emptyDir", empty_dir}});
    mounts.push_back({{"name", name}, {"mountPath", tmpfs.path}});
  }
  for (const auto& volume : deployment.volumes) {
    const std::string name = "volume-" + volume.name;
    volumes.push_back(
        {{"name", name},
         {"persistentVolumeClaim", {{"claimName", placement.volume_claims.at(volume.name)}}}});
    mounts.push_back({{"name", name}, {"mountPath", volume.target}});
  }
  json container = {
      {"name", "sandbox"},
      {"image", placement.image},
      {"imagePullPolicy", "Never"},
      {"command", InitArgs(deployment)},
      {"workingDir", deployment.workdir.empty() ? "/" : deployment.workdir},
      {"env", EnvList(SandboxEnvironment(deployment, deployment.user.uid))},
      {"securityContext", SecurityContext(deployment, placement)},
      {"resources", Resources(deployment.limits)},
      {"volumeMounts", mounts},
  };
  json spec = {
      {"hostname", deployment.hostname},
      {"hostPID", deployment.host_pid},
      {"hostNetwork", deployment.network == NetworkMode::kHost},
      // A service-account token is a credential: present only where a deployment declares one.
      {"automountServiceAccountToken", false},
      {"enableServiceLinks", false},
      {"restartPolicy", "Never"},
      {"terminationGracePeriodSeconds", 0},
      {"securityContext", {{"supplementalGroups", deployment.user.additional_gids}}},
      {"containers", json::array({container})},
      {"volumes", volumes},
  };
  if (!placement.runtime_class.empty()) spec["runtimeClassName"] = placement.runtime_class;
  return json{{"apiVersion", "v1"},
              {"kind", "Pod"},
              {"metadata",
               {{"name", placement.name},
                {"namespace", placement.name_space},
                {"labels", placement.labels}}},
              {"spec", spec}};
}

}  // namespace sandcheck
