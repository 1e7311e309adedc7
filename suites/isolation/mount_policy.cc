#include "suites/isolation/mount_policy.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>

#include "suites/isolation/probe_reading.h"

namespace sandcheck::isolation {
namespace {

enum class Match { kExact, kBelow };

// A mount the runtime adds on its own: `path` itself (kExact) or anything below it (kBelow),
// with one of `fs_types` (empty: any).
struct StandardMount {
  std::string_view path;
  Match match;
  std::vector<std::string_view> fs_types;
};

// The OCI runtime spec's defaults (runc spec, Docker, gVisor): procfs with its masked paths
// (/dev/null or an empty tmpfs over /proc/kcore, /proc/acpi, ...) and read-only re-binds
// (/proc/sys, /proc/bus, ...); /dev as tmpfs with devpts, shm, mqueue and device-node binds;
// sysfs with the cgroup hierarchies and masked /sys/firmware; and the three files the runtime
// writes for the network.
const std::vector<StandardMount>& StandardMounts() {
  static const std::vector<StandardMount> mounts = {
      {"/proc", Match::kExact, {"proc"}},
      {"/proc", Match::kBelow, {"proc", "tmpfs", "devtmpfs"}},
      // gVisor's own device filesystem is called "dev".
      {"/dev", Match::kExact, {"tmpfs", "devtmpfs", "dev"}},
      {"/dev/pts", Match::kExact, {"devpts"}},
      {"/dev/shm", Match::kExact, {"tmpfs"}},
      {"/dev/mqueue", Match::kExact, {"mqueue"}},
      {"/dev", Match::kBelow, {"tmpfs", "devtmpfs"}},
      {"/sys", Match::kExact, {"sysfs"}},
      {"/sys", Match::kBelow, {"sysfs", "tmpfs", "cgroup", "cgroup2"}},
      {"/etc/hostname", Match::kExact, {}},
      {"/etc/hosts", Match::kExact, {}},
      {"/etc/resolv.conf", Match::kExact, {}},
  };
  return mounts;
}

bool IsBelow(const std::string& path, std::string_view parent) {
  if (parent == "/") return path.size() > 1 && path.front() == '/';
  return path.size() > parent.size() && path.starts_with(parent) && path[parent.size()] == '/';
}

bool IsAtOrBelow(const std::string& path, std::string_view parent) {
  return path == parent || IsBelow(path, parent);
}

bool IsCredentialStore(const std::string& path) {
  const auto& names = CredentialStoreNames();
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& name) { return path.ends_with("/" + name); });
}

// files.exists[path] from the probe document.
Result<const nlohmann::json*> StatOf(const nlohmann::json& document, const std::string& path) {
  ASSIGN_OR_RETURN(const nlohmann::json* files, SectionOf(document, "files"));
  ASSIGN_OR_RETURN(auto entries, ObjectsAt(*files, "exists", "files"));
  for (const nlohmann::json* entry : entries) {
    if (StringAt(*entry, "path") == path) return entry;
  }
  return Fail("the probe did not stat {}", path);
}

}  // namespace

const std::vector<std::string>& CredentialStoreNames() {
  static const std::vector<std::string> names = {
      ".ssh",   ".aws",         ".gitconfig",          ".git-credentials", ".netrc",
      ".gnupg", ".kube/config", ".docker/config.json", ".config/gcloud",   ".azure",
  };
  return names;
}

std::vector<std::string> CredentialPaths(const Deployment& deployment) {
  std::vector<std::string> targets;
  for (const BindMount& bind : deployment.binds) targets.push_back(bind.target);
  for (const VolumeMount& volume : deployment.volumes) targets.push_back(volume.target);
  std::vector<std::string> paths;
  for (const std::string& target : targets) {
    paths.push_back(target);
    for (const std::string& name : CredentialStoreNames()) paths.push_back(target + "/" + name);
  }
  return paths;
}

std::string ClassifyMount(const Deployment& deployment, const std::string& mount_point,
                          const std::string& fs_type,
                          const std::vector<HarnessMount>& harness_mounts) {
  if (mount_point == "/") return "root filesystem";
  for (const HarnessMount& mount : harness_mounts) {
    // Exactly the file the harness placed: nothing below or beside it comes along.
    if (mount_point == mount.target) return "added by the harness for " + mount.why;
  }
  for (const TmpfsMount& tmpfs : deployment.tmpfs) {
    if (mount_point == tmpfs.path) return "declared tmpfs " + tmpfs.path;
  }
  for (const VolumeMount& volume : deployment.volumes) {
    if (mount_point == volume.target) return "declared volume " + volume.name;
  }
  for (const BindMount& bind : deployment.binds) {
    // A bind is recursive: what is mounted below its source comes along.
    if (IsAtOrBelow(mount_point, bind.target)) {
      return fmt::format("declared bind {} -> {}", bind.source.string(), bind.target);
    }
  }
  for (const StandardMount& standard : StandardMounts()) {
    bool at = standard.match == Match::kExact ? mount_point == standard.path
                                              : IsBelow(mount_point, standard.path);
    bool type_ok = standard.fs_types.empty() ||
                   std::find(standard.fs_types.begin(), standard.fs_types.end(), fs_type) !=
                       standard.fs_types.end();
    if (at && type_ok) {
      return fmt::format("runtime standard {}{}", standard.path,
                         standard.match == Match::kBelow ? "/*" : "");
    }
  }
  return "";
}

Result<Judgement> JudgeDeclaredMounts(const Observation& observation) {
  ASSIGN_OR_RETURN(const nlohmann::json* mounts, SectionOf(observation.document, "mounts"));
  ASSIGN_OR_RETURN(auto entries, ObjectsAt(*mounts, "entries", "mounts"));
  const Deployment& deployment = observation.deployment;
  Judgement judgement;
  nlohmann::json classified = nlohmann::json::array();
  for (const nlohmann::json* entry : entries) {
    std::string mount_point = StringAt(*entry, "mount_point");
    std::string fs_type = StringAt(*entry, "fs_type");
    std::string allowed_as =
        ClassifyMount(deployment, mount_point, fs_type, observation.harness_mounts);
    classified.push_back({{"mount_point", mount_point},
                          {"fs_type", fs_type},
                          {"source", StringAt(*entry, "source")},
                          {"root", StringAt(*entry, "root")},
                          {"allowed_as", allowed_as}});
    if (allowed_as.empty()) {
      judgement.problems.push_back(fmt::format("undeclared mount {} ({} {}, root {})", mount_point,
                                               fs_type, StringAt(*entry, "source"),
                                               StringAt(*entry, "root")));
    }
  }
  judgement.evidence["mounts"] = classified;

  nlohmann::json stats = nlohmann::json::object();
  for (const std::string& path : CredentialPaths(deployment)) {
    ASSIGN_OR_RETURN(const nlohmann::json* stat, StatOf(observation.document, path));
    bool exists = BoolAt(*stat, "exists");
    stats[path] = exists;
    // The bind targets themselves are stat'ed too; they exist by design unless they are
    // credential stores mounted directly (a bind of ~/.ssh).
    if (exists && IsCredentialStore(path)) {
      judgement.problems.push_back(fmt::format(
          "{} is visible in the sandbox: a mount exposes a credential store of the host", path));
    }
  }
  judgement.evidence["credential_paths"] = stats;

  const std::string& home = observation.host.home;
  judgement.evidence["host_home"] = home;
  for (const BindMount& bind : deployment.binds) {
    if (!home.empty() && IsAtOrBelow(home, bind.source.string())) {
      judgement.problems.push_back(fmt::format("the bind {} -> {} mounts the host's home {}",
                                               bind.source.string(), bind.target, home));
    }
  }
  judgement.holds = fmt::format(
      "all {} mounts are the root filesystem, declared or the runtime's standard set, and no "
      "credential store of the host is visible",
      entries.size());
  return judgement;
}

}  // namespace sandcheck::isolation
