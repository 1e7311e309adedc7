#include "tests/isolation/canned.h"

#include <stdexcept>

#include "suites/isolation/mount_policy.h"

namespace sandcheck::isolation::testing {
namespace {

nlohmann::json Mount(const std::string& mount_point, const std::string& fs_type,
                     const std::string& source = "none", const std::string& root = "/") {
  std::vector<std::string> options = {mount_point == "/" ? "ro" : "rw", "relatime"};
  return {{"mount_point", mount_point}, {"fs_type", fs_type},
          {"source", source},           {"root", root},
          {"options", options},         {"super_options", {"rw"}}};
}

nlohmann::json Write(const std::string& path, const std::string& role, const std::string& error,
                     const std::string& method = "create_in_directory") {
  return {{"path", path},
          {"role", role},
          {"method", method},
          {"writable", error.empty()},
          {"errno", error.empty() ? 0 : 1},
          {"error", error.empty() ? nlohmann::json() : nlohmann::json(error)},
          {"cleanup_error", nullptr}};
}

nlohmann::json Denied(const std::string& error) {
  return {{"ok", false}, {"errno", 1}, {"error", error}, {"signal", nullptr}, {"timed_out", false}};
}

nlohmann::json Device(const std::string& path, bool exists, const std::string& type = "char",
                      int major = 1, int minor = 1) {
  if (!exists) {
    return {{"path", path},     {"exists", false},  {"stat_error", "ENOENT"}, {"type", nullptr},
            {"major", nullptr}, {"minor", nullptr}, {"open", nullptr}};
  }
  return {{"path", path},
          {"exists", true},
          {"stat_error", nullptr},
          {"type", type},
          {"major", major},
          {"minor", minor},
          {"open", {{"ok", false}, {"errno", 1}, {"error", "EPERM"}}}};
}

}  // namespace

Deployment HardenedDeployment() {
  Deployment deployment;
  deployment.name = "hardened";
  deployment.runtime = RuntimeKind::kRunc;
  deployment.image.recipe = "busybox";
  deployment.user = {1000, 1000, {}};
  deployment.hostname = "sandbox";
  deployment.workdir = "/workspace";
  deployment.read_only_root = true;
  deployment.capabilities_drop = {"ALL"};
  deployment.no_new_privileges = true;
  deployment.tmpfs = {{.path = "/tmp", .size_bytes = 64 << 20, .mode = 01777, .noexec = true}};
  deployment.limits = {.memory_bytes = 256 << 20, .cpus = 1.0, .pids = 128};
  deployment.volumes = {{"claude-home", "/home/agent/.claude"}, {"workspace", "/workspace"}};
  deployment.phases = {{Family::kIsolation, Phase::kIsolation}};
  return deployment;
}

nlohmann::json HardenedDocument() {
  nlohmann::json document;
  document["schema"] = 1;
  document["identity"] = {{"uid", 1000},           {"gid", 1000},        {"euid", 1000},
                          {"egid", 1000},          {"groups", {1000}},   {"username", "agent"},
                          {"home", "/home/agent"}, {"shell", "/bin/sh"}, {"passwd_error", nullptr}};
  nlohmann::json empty = nlohmann::json::array();
  document["capabilities"] = {{"inheritable", empty}, {"permitted", empty}, {"effective", empty},
                              {"bounding", empty},    {"ambient", empty},   {"raw", {}}};
  document["security"] = {{"no_new_privs", 1},
                          {"seccomp_mode", 2},
                          {"seccomp_filters", 1},
                          {"no_new_privs_prctl", 1},
                          {"lsm_label", nullptr}};
  document["kernel"] = {{"sysname", "Linux"},
                        {"release", "6.1.0-test"},
                        {"version", "#1 SMP Debian 6.1.0"},
                        {"machine", "x86_64"},
                        {"sandbox_kernel",
                         {{"proc_version", "Linux version 6.1.0-test (gcc) #1 SMP Debian 6.1.0\n"},
                          {"boot_id", "6f1c2a3e-0000-4000-8000-00000000b007\n"},
                          {"kmsg", Denied("ENOENT")},
                          {"syslog", Denied("EPERM")}}}};
  document["hostname"] = {{"name", "sandbox"}, {"domainname", "(none)"}};
  document["mounts"] = {
      {"entries",
       {Mount("/", "overlay", "overlay"), Mount("/proc", "proc", "proc"),
        Mount("/dev", "tmpfs", "tmpfs"), Mount("/dev/pts", "devpts", "devpts"),
        Mount("/dev/shm", "tmpfs", "shm"), Mount("/dev/mqueue", "mqueue", "mqueue"),
        Mount("/sys", "sysfs", "sysfs"), Mount("/sys/fs/cgroup", "tmpfs", "tmpfs"),
        Mount("/sys/fs/cgroup/cpu", "cgroup", "cgroup", "/sandcheck/sbx"),
        Mount("/sys/fs/cgroup/memory", "cgroup", "cgroup", "/sandcheck/sbx"),
        Mount("/tmp", "tmpfs", "tmpfs"),
        Mount("/home/agent/.claude", "ext4", "/dev/vda1", "/var/lib/sandcheck/volumes/claude-home"),
        Mount("/workspace", "ext4", "/dev/vda1", "/var/lib/sandcheck/volumes/workspace"),
        Mount("/proc/bus", "proc", "proc", "/bus"), Mount("/proc/sys", "proc", "proc", "/sys"),
        Mount("/proc/kcore", "tmpfs", "tmpfs", "/null"), Mount("/proc/acpi", "tmpfs", "tmpfs"),
        Mount("/sys/firmware", "tmpfs", "tmpfs")}},
      {"malformed_lines", 0}};
  document["writable"] = {
      {"entries",
       {Write("/", "root", "EROFS"), Write("/etc", "etc", "EROFS"), Write("/usr", "usr", "EROFS"),
        Write("/tmp", "tmp", ""),
        Write("/proc/sys/kernel/hostname", "proc_sys_hostname", "EROFS", "open_existing"),
        Write("/proc/sys/kernel/core_pattern", "proc_sys_core_pattern", "EROFS", "open_existing"),
        Write("/proc/sysrq-trigger", "proc_sysrq_trigger", "EROFS", "open_existing"),
        Write("/sys/kernel", "sys_kernel", "EROFS"),
        Write("/sys/fs/cgroup/cpu/release_agent", "cgroup_release_agent", "EROFS", "open_existing"),
        Write("/home/agent", "home", "EROFS"), Write("/workspace", "cwd", "")}}};
  document["tmp"] = {{"path", "/tmp"},
                     {"exists", true},
                     {"resolved", "/tmp"},
                     {"statfs_error", nullptr},
                     {"size_bytes", 64 << 20},
                     {"available_bytes", 64 << 20},
                     {"statfs_magic", "0x1021994"},
                     {"mount",
                      {{"mount_point", "/tmp"},
                       {"fs_type", "tmpfs"},
                       {"read_only", false},
                       {"noexec", true},
                       {"nosuid", true},
                       {"nodev", true}}},
                     {"exec",
                      {{"attempted", true},
                       {"ok", false},
                       {"errno", 13},
                       {"error", "EACCES"},
                       {"exit_code", nullptr},
                       {"cleanup_error", nullptr}}}};
  document["processes"] = {{"self_pid", 7},
                           {"parent_pid", 0},
                           {"count", 2},
                           {"truncated", false},
                           {"entries",
                            {{{"pid", 1},
                              {"ppid", 0},
                              {"comm", "sandcheck-probe"},
                              {"state", "S (sleeping)"},
                              {"uid", 1000},
                              {"euid", 1000}},
                             {{"pid", 7},
                              {"ppid", 0},
                              {"comm", "sandcheck-probe"},
                              {"state", "R (running)"},
                              {"uid", 1000},
                              {"euid", 1000}}}}};
  document["devices"] = {
      {"entries",
       {Device("/dev/mem", false), Device("/dev/kmem", false), Device("/dev/kmsg", false),
        Device("/dev/port", false), Device("/dev/sda", false), Device("/dev/vda", false),
        Device("/dev/nvme0n1", false), Device("/dev/loop0", false), Device("/dev/kvm", false),
        Device("/dev/fuse", false), Device("/dev/net/tun", false)}},
      {"block_devices_found", 0}};
  document["syscalls"] = {
      {"mount", Denied("EPERM")},          {"unshare_user", Denied("EPERM")},
      {"unshare_mount", Denied("EPERM")},  {"unshare_net", Denied("EPERM")},
      {"ptrace_attach", Denied("EPERM")},  {"keyctl_join_session", Denied("EPERM")},
      {"bpf_map_create", Denied("EPERM")}, {"setuid_root", Denied("EPERM")},
      {"chroot", Denied("EPERM")}};
  document["syscalls"]["mount"]["stage"] = "mount";
  document["sudo"] = {{"binaries",
                       {{{"name", "su"},
                         {"path", "/bin/su"},
                         {"setuid", false},
                         {"owner_uid", 0},
                         {"mode", "0755"}}}},
                      {"attempts",
                       {{"sudo", nullptr},
                        {"su",
                         {{"command", {"/bin/su", "-c", "true", "root"}},
                          {"exec_error", nullptr},
                          {"exit_code", 1},
                          {"signal", nullptr},
                          {"timed_out", false},
                          {"usable", false},
                          {"stderr_head", "su: must be suid to work properly"}}}}}};
  document["limits"] = {
      {"proc_self_cgroup", nlohmann::json::array()},
      {"memory_max",
       {{"path", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}, {"value", "268435456"}}},
      {"memory_swap_max", nullptr},
      {"pids_max", {{"path", "/sys/fs/cgroup/pids/pids.max"}, {"value", "128"}}},
      {"cpu_max", {{"path", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us"}, {"value", "100000"}}},
      {"cpu_period", {{"path", "/sys/fs/cgroup/cpu/cpu.cfs_period_us"}, {"value", "100000"}}},
      {"rlimits", {}}};
  nlohmann::json results = nlohmann::json::array();
  for (const std::string& path : EngineSocketPaths()) {
    results.push_back({{"target", "unix:" + path},
                       {"protocol", "unix"},
                       {"ok", false},
                       {"errno", 2},
                       {"error", "ENOENT"},
                       {"timed_out", false}});
  }
  document["connect"] = {{"results", results}};
  document["files"] = {{"exists", nlohmann::json::array()},
                       {"read",
                        {{{"path", kInitStatusPath},
                          {"ok", true},
                          {"errno", 0},
                          {"error", nullptr},
                          {"encoding", "utf8"},
                          {"truncated", false},
                          {"content", "Name:\tsandcheck-probe\nNoNewPrivs:\t1\nSeccomp:\t2\n"}}}}};
  // The volume targets exist; no credential store lies under them.
  for (const std::string& path : CredentialPaths(HardenedDeployment())) {
    bool is_target = path == "/home/agent/.claude" || path == "/workspace";
    ExistsEntry(document, path) = {{"path", path},
                                   {"exists", is_target},
                                   {"error", is_target ? nlohmann::json() : "ENOENT"},
                                   {"type", is_target ? nlohmann::json("directory") : nullptr}};
  }
  return document;
}

RuntimeCapabilities RuncCapabilities() {
  RuntimeCapabilities capabilities;
  capabilities.runtime_version = "runc version 1.1.5";
  capabilities.capabilities = {
      {CapabilityKind::kSandboxKernel, {false, "runc shares the host kernel"}},
      {CapabilityKind::kCgroupLimits, {true, "host cgroups"}}};
  return capabilities;
}

RuntimeCapabilities RunscCapabilities() {
  RuntimeCapabilities capabilities;
  capabilities.runtime_version = "runsc version 0.0~20221219.0";
  capabilities.capabilities = {
      {CapabilityKind::kSandboxKernel, {true, "gVisor Sentry kernel"}},
      {CapabilityKind::kCgroupLimits, {true, "host cgroup around the sandbox"}}};
  return capabilities;
}

HostIdentity TestHost() {
  return {.hostname = "buildhost",
          .kernel_release = "6.1.0-test",
          .kernel_version = "#1 SMP Debian 6.1.0",
          .proc_version = "Linux version 6.1.0-test (gcc) #1 SMP Debian 6.1.0\n",
          .boot_id = "6f1c2a3e-0000-4000-8000-00000000b007\n",
          .home = "/home/builder"};
}

void UseGvisorKernel(nlohmann::json& document) {
  document["kernel"].update(
      {{"release", "4.4.0"}, {"version", "#1 SMP Sun Jan 10 15:06:54 PST 2016"}});
  document["kernel"]["sandbox_kernel"]["proc_version"] =
      "Linux version 4.4.0 #1 SMP Sun Jan 10 15:06:54 PST 2016\n";
  document["kernel"]["sandbox_kernel"]["boot_id"] = "0d9e3b7c-1111-4222-9333-44445555aaaa\n";
}

nlohmann::json& MountEntry(nlohmann::json& document, const std::string& mount_point) {
  for (auto& entry : document["mounts"]["entries"]) {
    if (entry["mount_point"] == mount_point) return entry;
  }
  throw std::logic_error("no mount at " + mount_point);
}

nlohmann::json& WritableEntry(nlohmann::json& document, const std::string& role) {
  for (auto& entry : document["writable"]["entries"]) {
    if (entry["role"] == role) return entry;
  }
  throw std::logic_error("no writable entry with role " + role);
}

nlohmann::json& ExistsEntry(nlohmann::json& document, const std::string& path) {
  for (auto& entry : document["files"]["exists"]) {
    if (entry["path"] == path) return entry;
  }
  document["files"]["exists"].push_back({{"path", path}, {"exists", false}, {"error", "ENOENT"}});
  return document["files"]["exists"].back();
}

CheckResult Decide(Judge judge, const Deployment& deployment, const nlohmann::json& document,
                   const RuntimeCapabilities& capabilities, const HostIdentity& host) {
  Observation observation{deployment, document, capabilities, host};
  return Conclude(ResultBuilder("ISO-TEST"), judge(observation));
}

}  // namespace sandcheck::isolation::testing
