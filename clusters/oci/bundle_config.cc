#include "clusters/oci/bundle_config.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "clusters/oci/entrypoint_args.h"
#include "clusters/oci/rootfs_recipe.h"
#include "clusters/oci/seccomp_profile.h"
#include "clusters/substrate.h"

namespace sandcheck {
namespace {

using nlohmann::json;

constexpr int64_t kCpuPeriodMicros = 100000;

json Mount(std::string_view destination, std::string_view type, std::string_view source,
           std::vector<std::string> options) {
  return {{"destination", destination}, {"type", type}, {"source", source}, {"options", options}};
}

// The kernel filesystems every sandbox gets, as in runc's default spec.
json SystemMounts() {
  return json::array({
      Mount("/proc", "proc", "proc", {"nosuid", "noexec", "nodev"}),
      Mount("/dev", "tmpfs", "tmpfs", {"nosuid", "strictatime", "mode=755", "size=65536k"}),
      Mount("/dev/pts", "devpts", "devpts",
            {"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}),
      Mount("/dev/shm", "tmpfs", "shm", {"nosuid", "noexec", "nodev", "mode=1777", "size=65536k"}),
      Mount("/dev/mqueue", "mqueue", "mqueue", {"nosuid", "noexec", "nodev"}),
      Mount("/sys", "sysfs", "sysfs", {"nosuid", "noexec", "nodev", "ro"}),
      Mount("/sys/fs/cgroup", "cgroup", "cgroup", {"nosuid", "noexec", "nodev", "relatime", "ro"}),
  });
}

json TmpfsMountConfig(const TmpfsMount& tmpfs) {
  std::vector<std::string> options;
  if (tmpfs.nosuid) options.push_back("nosuid");
  if (tmpfs.nodev) options.push_back("nodev");
  if (tmpfs.noexec) options.push_back("noexec");
  options.push_back(fmt::format("mode={:o}", tmpfs.mode));
  if (tmpfs.size_bytes > 0) options.push_back(fmt::format("size={}", tmpfs.size_bytes));
  return Mount(tmpfs.path, "tmpfs", "tmpfs", options);
}

json BindMountConfig(const std::filesystem::path& source, const std::string& target,
                     bool read_only) {
  std::vector<std::string> options = {"rbind", "rprivate"};
  if (read_only) options.push_back("ro");
  return Mount(target, "bind", source.string(), options);
}

// Parents before what is mounted inside them, as the Docker engine orders a container's
// mounts: a bind into a volume's target (a kit's file in ~/.claude) must come after the
// volume, or the volume hides it. Stable: mounts at one depth keep the deployment's order.
void SortByDepth(json& mounts) {
  auto depth = [](const json& mount) {
    std::string target = mount.at("destination");
    return std::count(target.begin(), target.end(), '/');
  };
  std::stable_sort(mounts.begin(), mounts.end(),
                   [&](const json& a, const json& b) { return depth(a) < depth(b); });
}

Result<json> Mounts(const Deployment& deployment, const BundleConfigInputs& inputs) {
  json mounts = json::array();
  for (const auto& tmpfs : deployment.tmpfs) mounts.push_back(TmpfsMountConfig(tmpfs));
  for (const auto& bind : deployment.binds) {
    if (!bind.source.is_absolute()) {
      return Fail("bind source {} is not absolute", bind.source.string());
    }
    mounts.push_back(BindMountConfig(bind.source, bind.target, bind.read_only));
  }
  for (const auto& volume : deployment.volumes) {
    bool plain = !volume.name.empty() && volume.name.find('/') == std::string::npos &&
                 volume.name != "." && volume.name != "..";
    if (!plain) return Fail("volume name '{}' is not a plain name", volume.name);
    mounts.push_back(BindMountConfig(inputs.volumes_dir / volume.name, volume.target, false));
  }
  SortByDepth(mounts);
  json all = SystemMounts();
  all.insert(all.end(), mounts.begin(), mounts.end());
  return all;
}

// pid_mode: host (a negative control) leaves out the pid namespace: the host's process table.
Result<json> Namespaces(NetworkMode network, bool host_pid,
                        const std::filesystem::path& world_namespace) {
  json namespaces = json::array();
  if (!host_pid) namespaces.push_back({{"type", "pid"}});
  for (const char* type : {"ipc", "uts", "mount"}) namespaces.push_back({{"type", type}});
  switch (network) {
    case NetworkMode::kNone:  // a new, empty network namespace: loopback only
      namespaces.push_back({{"type", "network"}});
      break;
    case NetworkMode::kHost:  // no network namespace: the host's
      break;
    case NetworkMode::kWorld:  // the sandbox's own namespace inside the harness's world
      if (world_namespace.empty()) return Fail("network 'world' without a world namespace");
      namespaces.push_back({{"type", "network"}, {"path", world_namespace.string()}});
      break;
  }
  return namespaces;
}

json Resources(const Limits& limits) {
  // Deny every device node, then runtimes allow their default set (null, zero, tty, ...).
  json resources = {{"devices", json::array({{{"allow", false}, {"access", "rwm"}}})}};
  if (limits.memory_bytes) resources["memory"] = {{"limit", *limits.memory_bytes}};
  if (limits.pids) resources["pids"] = {{"limit", *limits.pids}};
  if (limits.cpus) {
    auto quota = static_cast<int64_t>(std::llround(*limits.cpus * kCpuPeriodMicros));
    resources["cpu"] = {{"quota", quota}, {"period", kCpuPeriodMicros}};
  }
  return resources;
}

// runc's default masked and read-only paths: kernel interfaces a sandbox has no use for.
const std::vector<std::string>& MaskedPaths() {
  static const std::vector<std::string> paths = {
      "/proc/acpi",          "/proc/asound",     "/proc/kcore",       "/proc/keys",
      "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
      "/proc/scsi",          "/sys/firmware"};
  return paths;
}

const std::vector<std::string>& ReadonlyPaths() {
  static const std::vector<std::string> paths = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                                                 "/proc/sysrq-trigger"};
  return paths;
}

std::vector<std::string> Environment(const Deployment& deployment, uint32_t uid,
                                     const std::map<std::string, std::string>& extra_env) {
  std::map<std::string, std::string> env = {{"PATH", std::string(kDefaultPath)},
                                            {"HOME", HomeOf(uid)}};
  for (const auto& [key, value] : deployment.env) env[key] = value;
  // What the entrypoint unsets is gone before the agent starts, so nothing exec'd as the
  // agent gets it; the init gets it back through extra_env (HandedOverEnv).
  for (const auto& key : deployment.env_unset_before_exec) env.erase(key);
  for (const auto& [key, value] : extra_env) env[key] = value;
  std::vector<std::string> entries;
  for (const auto& [key, value] : env) entries.push_back(key + "=" + value);
  return entries;
}

}  // namespace

std::string CgroupsPath(const std::string& container_id) {
  return fmt::format("/{}/{}", kCgroupParent, container_id);
}

std::string HomeOf(uint32_t uid) {
  if (uid == 0) return "/root";
  if (uid == kAgentUid) return "/home/agent";
  return "/";
}

std::string SandboxHome(const Deployment& deployment) {
  auto declared = deployment.env.find("HOME");
  return declared != deployment.env.end() ? declared->second : HomeOf(deployment.user.uid);
}

json ProcessConfig(const Deployment& deployment, const std::vector<std::string>& args,
                   const UserSpec& user, const std::map<std::string, std::string>& extra_env) {
  json user_config = {{"uid", user.uid}, {"gid", user.gid}};
  if (!user.additional_gids.empty()) user_config["additionalGids"] = user.additional_gids;
  auto caps = deployment.EffectiveCapabilities();
  return {
      {"terminal", false},
      {"user", user_config},
      {"args", args},
      {"env", Environment(deployment, user.uid, extra_env)},
      {"cwd", deployment.workdir.empty() ? "/" : deployment.workdir},
      // Inheritable stays empty (CVE-2022-24769): a file's inheritable capabilities must
      // not turn into permitted ones for a non-root agent. Ambient is empty for the same reason.
      {"capabilities",
       {{"bounding", caps},
        {"effective", caps},
        {"permitted", caps},
        {"inheritable", json::array()},
        {"ambient", json::array()}}},
      {"noNewPrivileges", deployment.no_new_privileges},
  };
}

Result<json> BundleConfig(const Deployment& deployment, const BundleConfigInputs& inputs) {
  ASSIGN_OR_RETURN(json mounts, Mounts(deployment, inputs));
  ASSIGN_OR_RETURN(json namespaces,
                   Namespaces(deployment.network, deployment.host_pid, inputs.world_namespace));
  ASSIGN_OR_RETURN(auto seccomp, SeccompSection(deployment));

  json linux_section = {
      {"namespaces", namespaces},
      {"resources", Resources(deployment.limits)},
      {"cgroupsPath", CgroupsPath(inputs.container_id)},
      {"maskedPaths", MaskedPaths()},
      {"readonlyPaths", ReadonlyPaths()},
  };
  if (seccomp) linux_section["seccomp"] = std::move(*seccomp);

  return json{
      {"ociVersion", "1.0.2"},
      {"process",
       ProcessConfig(deployment, InitArgs(deployment), deployment.user, HandedOverEnv(deployment))},
      {"root", {{"path", "rootfs"}, {"readonly", deployment.read_only_root}}},
      {"hostname", deployment.hostname},
      {"mounts", mounts},
      {"linux", linux_section},
  };
}

}  // namespace sandcheck
