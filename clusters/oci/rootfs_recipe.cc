#include "clusters/oci/rootfs_recipe.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <set>
#include <sstream>

#include "clusters/substrate.h"
#include "core/fs_util.h"
#include "core/process.h"

namespace sandcheck {
namespace {

constexpr std::string_view kPasswd =
    "root:x:0:0:root:/root:/bin/sh\n"
    "agent:x:1000:1000:agent:/home/agent:/bin/sh\n"
    "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";
constexpr std::string_view kGroup =
    "root:x:0:\n"
    "agent:x:1000:\n"
    "nogroup:x:65534:\n";
constexpr std::string_view kHosts = "127.0.0.1 localhost\n::1 localhost\n";

struct DirSpec {
  std::string_view path;
  mode_t mode;
  uid_t uid;
  gid_t gid;
};

// Created in this order; parents come first.
constexpr DirSpec kDirs[] = {
    {"bin", 0755, 0, 0},
    {"sbin", 0755, 0, 0},
    {"usr", 0755, 0, 0},
    {"usr/bin", 0755, 0, 0},
    {"usr/sbin", 0755, 0, 0},
    {"usr/local", 0755, 0, 0},
    {"usr/local/bin", 0755, 0, 0},
    {"etc", 0755, 0, 0},
    {"etc/claude-code", 0755, 0, 0},
    {"etc/claude-code/hooks", 0755, 0, 0},
    {"root", 0700, 0, 0},
    {"home", 0755, 0, 0},
    {"home/agent", 0755, kAgentUid, kAgentGid},
    {"workspace", 0755, kAgentUid, kAgentGid},
    {"tmp", 01777, 0, 0},
    {"proc", 0755, 0, 0},
    {"sys", 0755, 0, 0},
    {"dev", 0755, 0, 0},
};

Status MakeDir(const std::filesystem::path& path, mode_t mode, uid_t uid, gid_t gid) {
  if (::mkdir(path.c_str(), mode) != 0) {
    return Fail("mkdir {}: {}", path.string(), std::strerror(errno));
  }
  // mkdir filters the mode through the umask, and the sticky bit needs chmod anyway.
  if (::chmod(path.c_str(), mode) != 0) {
    return Fail("chmod {}: {}", path.string(), std::strerror(errno));
  }
  if (::chown(path.c_str(), uid, gid) != 0) {
    return Fail("chown {}: {}", path.string(), std::strerror(errno));
  }
  return Status::Ok();
}

// Every applet path busybox knows ("usr/bin/awk").
Result<std::vector<std::string>> AppletPaths(const std::filesystem::path& busybox,
                                             Duration timeout) {
  ProcessSpec spec;
  spec.argv = {busybox.string(), "--list-full"};
  spec.timeout = timeout;
  ASSIGN_OR_RETURN(ProcessOutcome outcome, RunChecked(spec));
  std::vector<std::string> paths;
  std::istringstream lines(outcome.out);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) paths.push_back(line);
  }
  if (paths.empty()) return Fail("{} --list-full listed no applets", busybox.string());
  return paths;
}

Status LinkApplets(const std::filesystem::path& root, const std::vector<std::string>& applets) {
  for (const auto& applet : applets) {
    auto link = root / applet;
    if (link.filename() == "busybox" || !std::filesystem::exists(link.parent_path())) continue;
    std::error_code ec;
    // A real program (bash from a Debian package) keeps its path.
    if (std::filesystem::exists(std::filesystem::symlink_status(link, ec))) continue;
    std::filesystem::create_symlink("/bin/busybox", link, ec);
    if (ec) return Fail("symlink {}: {}", link.string(), ec.message());
  }
  return Status::Ok();
}

// A copy of `base` whose files are hard links into it: a base of hundreds of megabytes costs
// no space and little time per deployment.
Status CloneByHardLinks(const std::filesystem::path& base, const std::filesystem::path& root,
                        Duration timeout) {
  ProcessSpec spec;
  spec.argv = {"cp", "-a", "--link", "--no-target-directory", base.string(), root.string()};
  spec.timeout = timeout;
  RETURN_IF_ERROR(WithContext(RunChecked(spec), "clone base tree"));
  return Status::Ok();
}

// Files the deployment adds to either recipe's tree. None of them exists in a base, so no
// write ever goes through a hard link into a shared base tree.
Status InstallPolicy(const std::filesystem::path& root, const RootfsInputs& inputs) {
  auto probe = root / std::filesystem::path(kProbePathInSandbox).relative_path();
  RETURN_IF_ERROR(WriteFile(probe, inputs.probe, 0755));
  // Managed settings and hooks are policy: root-owned and not writable by anyone.
  if (inputs.managed_settings) {
    RETURN_IF_ERROR(
        WriteFile(root / "etc/claude-code/managed-settings.json", *inputs.managed_settings, 0444));
  }
  for (const auto& hook : inputs.hooks) {
    RETURN_IF_ERROR(WriteFile(root / "etc/claude-code/hooks" / hook.name, hook.bytes, 0555));
  }
  return Status::Ok();
}

}  // namespace

Status MakeSkeleton(const std::filesystem::path& root) {
  if (::chmod(root.c_str(), 0755) != 0) {
    return Fail("chmod {}: {}", root.string(), std::strerror(errno));
  }
  for (const auto& dir : kDirs)
    RETURN_IF_ERROR(MakeDir(root / dir.path, dir.mode, dir.uid, dir.gid));
  return Status::Ok();
}

Status InstallBusybox(const std::filesystem::path& root, const RootfsInputs& inputs) {
  RETURN_IF_ERROR(WriteFile(root / "bin/busybox", inputs.busybox, 0755));
  return LinkApplets(root, inputs.busybox_applets);
}

Status WriteAccounts(const std::filesystem::path& root) {
  RETURN_IF_ERROR(WriteFile(root / "etc/passwd", std::string(kPasswd), 0644));
  RETURN_IF_ERROR(WriteFile(root / "etc/group", std::string(kGroup), 0644));
  return WriteFile(root / "etc/hosts", std::string(kHosts), 0644);
}

Result<RootfsInputs> LoadRootfsInputs(const Deployment& deployment, const RootfsSources& sources,
                                      Duration timeout) {
  if (deployment.image.recipe != "busybox" && deployment.image.recipe != "claude-code") {
    return Fail("image recipe '{}' is not known to the oci substrate (known: busybox, claude-code)",
                deployment.image.recipe);
  }
  if (sources.probe.empty()) return Fail("no probe binary configured for the rootfs");
  RootfsInputs inputs;
  inputs.recipe = deployment.image.recipe;
  ASSIGN_OR_RETURN(inputs.busybox, WithContext(ReadFile(sources.busybox), "busybox"));
  ASSIGN_OR_RETURN(inputs.busybox_applets, AppletPaths(sources.busybox, timeout));
  ASSIGN_OR_RETURN(inputs.probe, WithContext(ReadFile(sources.probe), "probe"));
  if (deployment.claude.managed_settings) {
    ASSIGN_OR_RETURN(
        inputs.managed_settings,
        WithContext(ReadFile(*deployment.claude.managed_settings), "managed settings"));
  }
  std::set<std::string> hook_names;
  for (const auto& hook : deployment.claude.hooks) {
    std::string name = hook.filename().string();
    if (!hook_names.insert(name).second) return Fail("two hooks are named '{}'", name);
    ASSIGN_OR_RETURN(std::string bytes, WithContext(ReadFile(hook), "hook"));
    inputs.hooks.push_back({name, std::move(bytes)});
  }
  return inputs;
}

Status BuildRootfsTree(const std::filesystem::path& root, const RootfsInputs& inputs) {
  if (inputs.recipe == "claude-code" && inputs.base_tree.empty()) {
    return Fail(
        "the claude-code recipe is cloned from its base tree, and none was built "
        "(EnsureClaudeCodeBase); this substrate cannot build it yet");
  }
  if (!inputs.base_tree.empty()) {
    RETURN_IF_ERROR(CloneByHardLinks(inputs.base_tree, root, std::chrono::seconds(60)));
  } else {
    RETURN_IF_ERROR(MakeSkeleton(root));
    RETURN_IF_ERROR(InstallBusybox(root, inputs));
    RETURN_IF_ERROR(WriteAccounts(root));
  }
  return InstallPolicy(root, inputs);
}

}  // namespace sandcheck
