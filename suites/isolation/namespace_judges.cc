#include "suites/isolation/namespace_judges.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>

#include "suites/isolation/probe_reading.h"

namespace sandcheck::isolation {
namespace {

// The kernel truncates a process name to TASK_COMM_LEN - 1 bytes.
constexpr size_t kCommLength = 15;

bool IsBelowProc(const std::string& mount_point) {
  return mount_point == "/proc" || mount_point.starts_with("/proc/");
}

}  // namespace

std::string ExpectedInitName(const Deployment& deployment) {
  std::string program =
      deployment.command.empty() ? std::string(kProbePathInSandbox) : deployment.command.front();
  return std::filesystem::path(program).filename().string().substr(0, kCommLength);
}

Result<Judgement> JudgeOwnPidNamespace(const Observation& observation) {
  ASSIGN_OR_RETURN(const nlohmann::json* processes, SectionOf(observation.document, "processes"));
  ASSIGN_OR_RETURN(auto entries, ObjectsAt(*processes, "entries", "processes"));
  ASSIGN_OR_RETURN(const nlohmann::json* mounts, SectionOf(observation.document, "mounts"));
  ASSIGN_OR_RETURN(auto mount_entries, ObjectsAt(*mounts, "entries", "mounts"));
  std::string expected_init = observation.init_program.empty()
                                  ? ExpectedInitName(observation.deployment)
                                  : observation.init_program.substr(0, kCommLength);
  Judgement judgement;
  judgement.evidence["processes"] = *processes;
  judgement.evidence["expected_init"] = expected_init;
  auto& problems = judgement.problems;

  std::string init;
  for (const nlohmann::json* entry : entries) {
    std::string comm = StringAt(*entry, "comm");
    int64_t pid = IntAt(*entry, "pid").value_or(-1);
    if (pid == 1) init = comm;
    // kthreadd (PID 2) parents every kernel thread; no container PID namespace shows it.
    if (comm == "kthreadd") {
      problems.push_back(fmt::format("kernel threads are visible (kthreadd is PID {})", pid));
    }
  }
  if (init != expected_init) {
    problems.push_back(fmt::format("PID 1 is '{}', not the sandbox's init '{}'",
                                   init.empty() ? "invisible" : init, expected_init));
  }
  // A procfs anywhere but /proc shows some other PID namespace: the host's, typically.
  std::vector<std::string> foreign;
  for (const nlohmann::json* entry : mount_entries) {
    std::string mount_point = StringAt(*entry, "mount_point");
    if (StringAt(*entry, "fs_type") == "proc" && !IsBelowProc(mount_point)) {
      foreign.push_back(mount_point);
    }
  }
  judgement.evidence["foreign_procfs"] = foreign;
  if (!foreign.empty()) {
    problems.push_back(
        fmt::format("a procfs is mounted at {}: it lists the processes of another PID namespace",
                    fmt::join(foreign, ", ")));
  }
  judgement.holds = fmt::format(
      "the sandbox has its own PID namespace: PID 1 is its init '{}', {} processes are visible "
      "and no kernel thread or foreign procfs",
      init, entries.size());
  return judgement;
}

Result<Judgement> JudgeOwnHostname(const Observation& observation) {
  ASSIGN_OR_RETURN(const nlohmann::json* hostname, SectionOf(observation.document, "hostname"));
  if (observation.host.hostname.empty()) return Fail("the harness could not read its hostname");
  std::string name = StringAt(*hostname, "name");
  const std::string& declared = observation.deployment.hostname;
  Judgement judgement;
  judgement.evidence["observed"] = *hostname;
  judgement.evidence["declared"] = declared;
  judgement.evidence["host"] = observation.host.hostname;
  if (name != declared) {
    judgement.problems.push_back(fmt::format(
        "the sandbox's hostname is '{}', the deployment declares '{}'", name, declared));
  }
  if (name == observation.host.hostname) {
    judgement.problems.push_back(
        fmt::format("the sandbox's hostname '{}' is the host's: it shares the host's UTS "
                    "namespace or copies its name",
                    name));
  }
  judgement.holds = fmt::format(
      "the sandbox's hostname is '{}', as declared, and the host's is "
      "'{}'",
      name, observation.host.hostname);
  return judgement;
}

Result<Judgement> JudgeDeclaredKernel(const Observation& observation) {
  ASSIGN_OR_RETURN(const nlohmann::json* kernel, SectionOf(observation.document, "kernel"));
  const HostIdentity& host = observation.host;
  if (host.kernel_release.empty()) return Fail("the harness could not read its own uname");
  std::string release = StringAt(*kernel, "release");
  std::string version = StringAt(*kernel, "version");
  std::string proc_version;
  if (auto facts = kernel->find("sandbox_kernel"); facts != kernel->end() && facts->is_object()) {
    proc_version = StringAt(*facts, "proc_version");
  }
  KernelMode declared = observation.deployment.kernel;
  Judgement judgement;
  judgement.evidence["observed"] = *kernel;
  judgement.evidence["host"] = {{"release", host.kernel_release}, {"version", host.kernel_version}};
  judgement.evidence["declared"] = ToString(declared);
  bool uname_is_host = release == host.kernel_release && version == host.kernel_version;
  // /proc/version names the release; a sandbox kernel's must not name the host's.
  bool proc_is_host = proc_version.find(host.kernel_release) != std::string::npos;
  std::string observed = fmt::format("{} {}", release, version);
  if (declared == KernelMode::kSandbox) {
    if (uname_is_host) {
      judgement.problems.push_back(fmt::format(
          "the deployment promises a sandbox kernel, but uname reports the host's kernel {}",
          observed));
    }
    if (proc_is_host) {
      judgement.problems.push_back(fmt::format(
          "the deployment promises a sandbox kernel, but /proc/version names the host's release "
          "{}",
          host.kernel_release));
    }
    judgement.holds = fmt::format("the agent runs on a sandbox kernel ({}), not the host's {} {}",
                                  observed, host.kernel_release, host.kernel_version);
  } else {
    if (!uname_is_host) {
      judgement.problems.push_back(fmt::format(
          "the deployment declares kernel: host, but the agent's kernel reports {} and the "
          "host's is {} {}: whatever relies on the host kernel (iptables rules, LSM policy) does "
          "not apply",
          observed, host.kernel_release, host.kernel_version));
    }
    judgement.holds = fmt::format("the agent runs on the host's kernel {}, as declared", observed);
  }
  return judgement;
}

Result<Judgement> JudgeSandboxKernelDiffers(const Observation& observation) {
  ASSIGN_OR_RETURN(const nlohmann::json* kernel, SectionOf(observation.document, "kernel"));
  const HostIdentity& host = observation.host;
  if (host.kernel_release.empty() || host.proc_version.empty() || host.boot_id.empty()) {
    return Fail(
        "the host view gave no unsandboxed kernel identity (uname, /proc/version, "
        "boot_id) to compare with");
  }
  std::string proc_version;
  std::string boot_id;
  if (auto facts = kernel->find("sandbox_kernel"); facts != kernel->end() && facts->is_object()) {
    proc_version = StringAt(*facts, "proc_version");
    boot_id = StringAt(*facts, "boot_id");
  }
  std::string release = StringAt(*kernel, "release");
  std::string version = StringAt(*kernel, "version");
  Judgement judgement;
  judgement.evidence["inside"] = {{"release", release},
                                  {"version", version},
                                  {"proc_version", proc_version},
                                  {"boot_id", boot_id}};
  judgement.evidence["host"] = {{"release", host.kernel_release},
                                {"version", host.kernel_version},
                                {"proc_version", host.proc_version},
                                {"boot_id", host.boot_id}};
  // Each is compared on its own: a sandbox kernel that copies one (gVisor can be told to
  // report any uname) still differs in the others, the host's kernel matches in all.
  if (release == host.kernel_release && version == host.kernel_version) {
    judgement.problems.push_back(
        fmt::format("uname inside is the host's: {} {}", host.kernel_release, host.kernel_version));
  }
  if (!proc_version.empty() && proc_version == host.proc_version) {
    judgement.problems.push_back("/proc/version inside is the host's");
  }
  if (!boot_id.empty() && boot_id == host.boot_id) {
    judgement.problems.push_back(
        fmt::format("boot_id inside is the host's ({}): the same "
                    "kernel boot",
                    boot_id.substr(0, boot_id.find('\n'))));
  }
  if (proc_version.empty() && boot_id.empty()) {
    judgement.inconclusive.push_back("the sandbox showed neither /proc/version nor boot_id");
  }
  judgement.holds = fmt::format(
      "the sandbox's kernel ({} {}) differs from the host's ({} {}) "
      "in uname, /proc/version and boot_id",
      release, version, host.kernel_release, host.kernel_version);
  if (!judgement.problems.empty()) {
    judgement.problems.front() =
        "the deployment promises a sandbox kernel, but " + judgement.problems.front();
  }
  return judgement;
}

}  // namespace sandcheck::isolation
