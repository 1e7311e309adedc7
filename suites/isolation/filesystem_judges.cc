#include "suites/isolation/filesystem_judges.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "suites/isolation/probe_reading.h"

namespace sandcheck::isolation {
namespace {

// The paths of the root filesystem the probe tries to create a file in, by writable role.
constexpr std::string_view kRootRoles[] = {"root", "etc", "usr"};

// Kernel interfaces a sandboxed process must not write, by writable role.
constexpr std::string_view kKernelInterfaceRoles[] = {"proc_sys_hostname", "proc_sys_core_pattern",
                                                      "proc_sysrq_trigger", "sys_kernel",
                                                      "cgroup_release_agent"};

// Devices gVisor's Sentry implements itself (FUSE and tun): on a sandbox kernel, opening them
// reaches that kernel, not a host driver.
bool IsSandboxKernelDevice(const std::string& path) {
  return path == "/dev/fuse" || path == "/dev/net/tun";
}

bool HasOption(const std::vector<std::string>& options, std::string_view option) {
  return std::find(options.begin(), options.end(), option) != options.end();
}

std::string Outcome(const nlohmann::json& entry) {
  if (BoolAt(entry, "writable")) return "writable";
  std::string error = StringAt(entry, "error");
  return error.empty() ? "not writable" : error;
}

}  // namespace

uint64_t TmpSizeTolerance(uint64_t declared_bytes) {
  return std::max<uint64_t>(kMiB, declared_bytes / 50);
}

const TmpfsMount* DeclaredTmp(const Deployment& deployment) {
  auto it = std::find_if(deployment.tmpfs.begin(), deployment.tmpfs.end(),
                         [](const TmpfsMount& mount) { return mount.path == "/tmp"; });
  return it == deployment.tmpfs.end() ? nullptr : &*it;
}

Result<Judgement> JudgeReadOnlyRoot(const Observation& observation) {
  Judgement judgement;
  judgement.evidence["declared_read_only_root"] = observation.deployment.read_only_root;
  if (!observation.deployment.read_only_root) {
    judgement.problems.push_back(
        "the deployment does not declare read_only_root: true, so the image's files are the "
        "agent's to change");
  }
  std::vector<std::string> refused;
  nlohmann::json attempts = nlohmann::json::array();
  for (std::string_view role : kRootRoles) {
    ASSIGN_OR_RETURN(auto entries, WritableEntries(observation.document, role));
    for (const nlohmann::json* entry : entries) {
      attempts.push_back(*entry);
      std::string path = StringAt(*entry, "path");
      if (StringAt(*entry, "method") == "stat") continue;  // not in this image
      std::string error = StringAt(*entry, "error");
      ASSIGN_OR_RETURN(const nlohmann::json* mount, MountContaining(observation.document, path));
      bool mounted_read_only = HasOption(StringsAt(*mount, "options"), "ro");
      if (BoolAt(*entry, "writable")) {
        judgement.problems.push_back(fmt::format("the agent created a file in {}", path));
      } else if (error == "EROFS") {
        refused.push_back(fmt::format("{} (EROFS)", path));
      } else if (mounted_read_only) {
        // gVisor checks permissions before the read-only flag, so a non-root agent sees
        // EACCES; the mount table is the kernel's own record that the mount is read-only.
        refused.push_back(
            fmt::format("{} ({}, on {} mounted ro)", path, error, StringAt(*mount, "mount_point")));
      } else {
        // EACCES only says this user lacks permission; the filesystem itself is writable, to
        // root and to any process that gains a capability.
        judgement.problems.push_back(fmt::format(
            "creating a file in {} failed with {}, not EROFS, and {} is mounted read-write: only "
            "file permissions stand in the way",
            path, error.empty() ? "no errno" : error, StringAt(*mount, "mount_point")));
      }
    }
  }
  judgement.evidence["attempts"] = attempts;
  if (attempts.empty()) return Fail("the probe tried to write none of /, /etc and /usr");
  judgement.holds =
      fmt::format("the root filesystem refused a new file: {}", fmt::join(refused, ", "));
  return judgement;
}

Result<Judgement> JudgeTmpBounded(const Observation& observation) {
  ASSIGN_OR_RETURN(const nlohmann::json* tmp, SectionOf(observation.document, "tmp"));
  ASSIGN_OR_RETURN(auto writes, WritableEntries(observation.document, "tmp"));
  if (writes.empty()) return Fail("the probe did not try to write /tmp");
  const TmpfsMount* declared = DeclaredTmp(observation.deployment);
  Judgement judgement;
  judgement.evidence["observed"] = *tmp;
  judgement.evidence["write"] = *writes.front();
  auto& problems = judgement.problems;
  if (declared == nullptr) {
    problems.push_back("the deployment declares no tmpfs at /tmp");
  } else {
    judgement.evidence["declared_size_bytes"] = declared->size_bytes;
    if (declared->size_bytes == 0) {
      problems.push_back(
          "the /tmp tmpfs declares no size, so it may fill half the host's memory (the kernel's "
          "default)");
    }
  }
  if (!BoolAt(*writes.front(), "writable")) {
    problems.push_back(
        fmt::format("the agent cannot create a file in /tmp ({})", Outcome(*writes.front())));
  }
  const nlohmann::json& mount = tmp->contains("mount") ? (*tmp)["mount"] : nlohmann::json();
  std::string mount_point = mount.is_object() ? StringAt(mount, "mount_point") : "";
  std::string fs_type = mount.is_object() ? StringAt(mount, "fs_type") : "";
  if (mount_point != "/tmp" || fs_type != "tmpfs") {
    problems.push_back(fmt::format("/tmp is not a tmpfs of its own: it lies on {} ({})",
                                   mount_point.empty() ? "?" : mount_point,
                                   fs_type.empty() ? "?" : fs_type));
  }
  auto size = IntAt(*tmp, "size_bytes");
  if (declared != nullptr && declared->size_bytes > 0 && mount_point == "/tmp") {
    if (!size) return Fail("statfs(/tmp) failed: {}", StringAt(*tmp, "statfs_error"));
    uint64_t observed = static_cast<uint64_t>(*size);
    uint64_t gap = observed > declared->size_bytes ? observed - declared->size_bytes
                                                   : declared->size_bytes - observed;
    if (gap > TmpSizeTolerance(declared->size_bytes)) {
      problems.push_back(fmt::format("statfs(/tmp) reports {} bytes, the deployment declares {}",
                                     observed, declared->size_bytes));
    }
  }
  judgement.holds =
      fmt::format("/tmp is a writable tmpfs of {} bytes, as declared", size.value_or(0));
  return judgement;
}

Result<Judgement> JudgeTmpNoexec(const Observation& observation) {
  ASSIGN_OR_RETURN(const nlohmann::json* tmp, SectionOf(observation.document, "tmp"));
  const TmpfsMount* declared = DeclaredTmp(observation.deployment);
  Judgement judgement;
  judgement.evidence["observed"] = *tmp;
  judgement.evidence["declared_noexec"] = declared != nullptr && declared->noexec;
  if (declared == nullptr || !declared->noexec) {
    judgement.problems.push_back(
        declared == nullptr ? "the deployment declares no tmpfs at /tmp, let alone a noexec one"
                            : "the deployment's /tmp tmpfs does not declare noexec: true");
  }
  const nlohmann::json exec = tmp->contains("exec") ? (*tmp)["exec"] : nlohmann::json();
  if (!exec.is_object() || !BoolAt(exec, "attempted")) {
    std::string why = exec.is_object() ? fmt::format("{}: {}", StringAt(exec, "setup_step"),
                                                     StringAt(exec, "setup_error"))
                                       : "no exec attempt in the document";
    // Only a missing declaration is a verdict without the attempt; else we could not observe.
    if (!judgement.problems.empty()) {
      judgement.problems.push_back("no program could be placed in /tmp to try it (" + why + ")");
      return judgement;
    }
    return Fail("could not place a program in /tmp to run it ({})", why);
  }
  Attempt attempt = ReadAttempt(exec);
  if (attempt.ok) {
    judgement.problems.push_back(
        fmt::format("a program the agent wrote to /tmp ran (exit {})",
                    IntAt(exec, "exit_code") ? std::to_string(*IntAt(exec, "exit_code")) : "?"));
  } else if (attempt.error != "EACCES") {
    judgement.problems.push_back(fmt::format(
        "running a program from /tmp failed with {}, not EACCES: noexec is not what stopped it",
        attempt.Describe()));
  }
  judgement.holds = "execve of a program the agent wrote to /tmp failed with EACCES (noexec)";
  return judgement;
}

Result<Judgement> JudgeKernelInterfacesReadOnly(const Observation& observation) {
  Judgement judgement;
  nlohmann::json attempts = nlohmann::json::array();
  std::vector<std::string> refused;
  for (std::string_view role : kKernelInterfaceRoles) {
    ASSIGN_OR_RETURN(auto entries, WritableEntries(observation.document, role));
    for (const nlohmann::json* entry : entries) {
      attempts.push_back(*entry);
      std::string path = StringAt(*entry, "path");
      if (BoolAt(*entry, "writable")) {
        judgement.problems.push_back(fmt::format("the agent opened {} for writing", path));
      } else {
        refused.push_back(fmt::format("{} ({})", path, Outcome(*entry)));
      }
    }
  }
  judgement.evidence["attempts"] = attempts;
  if (attempts.empty()) return Fail("the probe tried to write none of /proc/sys and /sys");
  judgement.holds = fmt::format("every write attempt failed: {}", fmt::join(refused, ", "));
  return judgement;
}

Result<Judgement> JudgeNoRawDevices(const Observation& observation) {
  ASSIGN_OR_RETURN(const nlohmann::json* devices, SectionOf(observation.document, "devices"));
  ASSIGN_OR_RETURN(auto entries, ObjectsAt(*devices, "entries", "devices"));
  SandboxKernel sandbox_kernel = ShowSandboxKernel(observation);
  Judgement judgement;
  judgement.evidence["observed"] = *devices;
  std::vector<std::string> refused;
  std::vector<std::string> emulated;
  for (const nlohmann::json* entry : entries) {
    if (!BoolAt(*entry, "exists")) continue;
    std::string path = StringAt(*entry, "path");
    const nlohmann::json open = entry->contains("open") ? (*entry)["open"] : nlohmann::json();
    Attempt attempt = open.is_object() ? ReadAttempt(open) : Attempt{};
    std::string device =
        fmt::format("{} ({} {}:{})", path, StringAt(*entry, "type"),
                    IntAt(*entry, "major").value_or(-1), IntAt(*entry, "minor").value_or(-1));
    if (!attempt.ok) {
      refused.push_back(fmt::format("{}: {}", device, attempt.Describe()));
    } else if (sandbox_kernel.shown && IsSandboxKernelDevice(path)) {
      emulated.push_back(device);
    } else {
      judgement.problems.push_back(fmt::format("the agent opened {}", device));
    }
  }
  if (!emulated.empty()) {
    judgement.evidence["emulated_by_sandbox_kernel"] = emulated;
    judgement.evidence["sandbox_kernel"] = sandbox_kernel.reason;
  }
  std::vector<std::string> parts;
  if (!refused.empty()) parts.push_back(fmt::format("refused: {}", fmt::join(refused, ", ")));
  if (!emulated.empty()) {
    parts.push_back(fmt::format("opened but implemented by the sandbox kernel itself: {} ({})",
                                fmt::join(emulated, ", "), sandbox_kernel.reason));
  }
  judgement.holds =
      parts.empty()
          ? fmt::format("none of the {} raw device paths exists in the sandbox", entries.size())
          : fmt::format("no host raw device opened; {}", fmt::join(parts, "; "));
  return judgement;
}

Result<Judgement> JudgeNoEngineSocket(const Observation& observation) {
  ASSIGN_OR_RETURN(const nlohmann::json* connect, SectionOf(observation.document, "connect"));
  ASSIGN_OR_RETURN(auto results, ObjectsAt(*connect, "results", "connect"));
  Judgement judgement;
  nlohmann::json attempts = nlohmann::json::array();
  std::vector<std::string> refused;
  for (const std::string& path : EngineSocketPaths()) {
    auto it = std::find_if(results.begin(), results.end(), [&](const nlohmann::json* result) {
      return StringAt(*result, "target") == "unix:" + path;
    });
    if (it == results.end()) return Fail("the probe did not try to connect to {}", path);
    attempts.push_back(**it);
    Attempt attempt = ReadAttempt(**it);
    // EAGAIN: a listener is there, its backlog is full; it is reachable.
    if (attempt.ok || attempt.error == "EAGAIN") {
      judgement.problems.push_back(
          fmt::format("connect() to {} succeeded: a container engine may answer there", path));
    } else {
      refused.push_back(fmt::format("{} ({})", path, attempt.Describe()));
    }
  }
  judgement.evidence["attempts"] = attempts;
  judgement.holds =
      fmt::format("connect() failed for every engine socket: {}", fmt::join(refused, ", "));
  return judgement;
}

}  // namespace sandcheck::isolation
