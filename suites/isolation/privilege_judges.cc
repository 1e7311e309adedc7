#include "suites/isolation/privilege_judges.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "suites/isolation/probe_reading.h"

namespace sandcheck::isolation {
namespace {

bool Contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// The probe's capability sets, keyed as in its "capabilities" section.
constexpr std::string_view kCapabilitySets[] = {"inheritable", "permitted", "effective", "bounding",
                                                "ambient"};

// PID 1's Seccomp mode, from the probe's read of its status file.
std::optional<int64_t> InitSeccompMode(const nlohmann::json& document) {
  auto status = ReadContent(document, kInitStatusPath);
  if (!status) return std::nullopt;
  size_t at = status->find("\nSeccomp:");
  if (at == std::string::npos) return std::nullopt;
  size_t digit = status->find_first_of("0123456789", at);
  if (digit == std::string::npos) return std::nullopt;
  return (*status)[digit] - '0';
}

}  // namespace

const std::vector<std::string>& EscapeGradeCapabilities() {
  // SYS_ADMIN: mount, cgroup release_agent, most namespace escapes. SYS_MODULE, SYS_BOOT: load
  // code into or restart the host kernel. SYS_RAWIO: /dev/mem, iopl. SYS_PTRACE: trace and
  // inject into other processes. DAC_READ_SEARCH: open_by_handle_at ("shocker") reads host files.
  // NET_ADMIN: rewrites the sandbox's firewall and routes, so egress rules stop binding.
  // BPF, PERFMON, SYSLOG: kernel memory, tracing and log (addresses) of the host kernel.
  // MAC_ADMIN, MAC_OVERRIDE, AUDIT_CONTROL: switch off the host's LSM or audit. SYS_TIME: the
  // host's clock.
  static const std::vector<std::string> capabilities = {
      "CAP_SYS_ADMIN",     "CAP_SYS_MODULE",      "CAP_SYS_BOOT",  "CAP_SYS_RAWIO",
      "CAP_SYS_PTRACE",    "CAP_DAC_READ_SEARCH", "CAP_NET_ADMIN", "CAP_BPF",
      "CAP_PERFMON",       "CAP_SYSLOG",          "CAP_MAC_ADMIN", "CAP_MAC_OVERRIDE",
      "CAP_AUDIT_CONTROL", "CAP_SYS_TIME",
  };
  return capabilities;
}

const std::vector<std::string>& DeniedSyscallAttempts() {
  static const std::vector<std::string> attempts = {
      "mount",         "unshare_user",        "unshare_mount",  "unshare_net",
      "ptrace_attach", "keyctl_join_session", "bpf_map_create",
  };
  return attempts;
}

Result<Judgement> JudgeNonRootIdentity(const Observation& observation) {
  ASSIGN_OR_RETURN(const nlohmann::json* identity, SectionOf(observation.document, "identity"));
  ASSIGN_OR_RETURN(const nlohmann::json* processes, SectionOf(observation.document, "processes"));
  ASSIGN_OR_RETURN(auto entries, ObjectsAt(*processes, "entries", "processes"));
  const UserSpec& declared = observation.deployment.user;
  Judgement judgement;
  judgement.evidence["identity"] = *identity;
  judgement.evidence["declared"] = {
      {"uid", declared.uid}, {"gid", declared.gid}, {"additional_gids", declared.additional_gids}};
  auto uid = IntAt(*identity, "uid");
  auto euid = IntAt(*identity, "euid");
  auto gid = IntAt(*identity, "gid");
  auto egid = IntAt(*identity, "egid");
  if (!uid || !euid || !gid || !egid) return Fail("the probe's identity section lacks its ids");
  auto& problems = judgement.problems;
  if (*uid == 0 || *euid == 0) problems.push_back("the agent runs as uid 0 (root)");
  if (*gid == 0 || *egid == 0) problems.push_back("the agent runs with gid 0 (root's group)");
  std::vector<int64_t> groups;
  if (auto it = identity->find("groups"); it != identity->end() && it->is_array()) {
    for (const auto& group : *it) {
      if (group.is_number_integer()) groups.push_back(group.get<int64_t>());
    }
  }
  if (std::find(groups.begin(), groups.end(), 0) != groups.end()) {
    problems.push_back("the agent holds supplementary group 0 (root's group)");
  }
  if (*uid != declared.uid || *gid != declared.gid) {
    problems.push_back(fmt::format("the agent runs as {}:{}, but the deployment declares {}:{}",
                                   *uid, *gid, declared.uid, declared.gid));
  }
  // The probe is one process; the agent's init and anything it started are the others.
  std::vector<std::string> root_processes;
  for (const nlohmann::json* entry : entries) {
    if (IntAt(*entry, "uid") == 0 || IntAt(*entry, "euid") == 0) {
      root_processes.push_back(
          fmt::format("{} ({})", IntAt(*entry, "pid").value_or(-1), StringAt(*entry, "comm")));
    }
  }
  if (!root_processes.empty()) {
    problems.push_back(fmt::format("processes running as root in the sandbox: {}",
                                   fmt::join(root_processes, ", ")));
  }
  judgement.holds = fmt::format(
      "the agent runs as {}:{} with supplementary groups [{}], and none of the {} processes in "
      "the sandbox runs as root",
      *uid, *gid, fmt::join(groups, ", "), entries.size());
  return judgement;
}

Result<Judgement> JudgeCapabilities(const Observation& observation) {
  ASSIGN_OR_RETURN(const nlohmann::json* sets, SectionOf(observation.document, "capabilities"));
  std::vector<std::string> allowed = observation.deployment.EffectiveCapabilities();
  Judgement judgement;
  judgement.evidence["observed"] = *sets;
  judgement.evidence["declared_allowlist"] = allowed;
  judgement.evidence["escape_grade"] = EscapeGradeCapabilities();
  auto reported_empty = [&](std::string_view set) {
    auto it = sets->find(set);
    return it != sets->end() && it->is_array() && it->empty();
  };
  for (std::string_view set : kCapabilitySets) {
    auto it = sets->find(set);
    if (it == sets->end() || !it->is_array()) {
      // gVisor has no CapAmb line. The ambient set is always a subset of both the permitted
      // and the inheritable set, so either one being empty shows it is empty too.
      if (set == "ambient" && (reported_empty("permitted") || reported_empty("inheritable"))) {
        judgement.evidence["ambient_inferred_empty"] = true;
        continue;
      }
      return Fail("the kernel reports no {} capability set", set);
    }
    std::vector<std::string> undeclared;
    std::vector<std::string> escape;
    for (const auto& item : *it) {
      std::string name = item.is_string() ? item.get<std::string>() : item.dump();
      if (Contains(EscapeGradeCapabilities(), name)) escape.push_back(name);
      if (!Contains(allowed, name)) undeclared.push_back(name);
    }
    if (!escape.empty()) {
      judgement.problems.push_back(
          fmt::format("the {} set holds escape-grade {}", set, fmt::join(escape, ", ")));
    }
    if (!undeclared.empty()) {
      judgement.problems.push_back(
          fmt::format("the {} set holds {}, which the deployment does "
                      "not declare",
                      set, fmt::join(undeclared, ", ")));
    }
  }
  judgement.holds =
      allowed.empty()
          ? "every capability set is empty, as the deployment's drop: [ALL] declares"
          : fmt::format("every capability set stays within the declared [{}], none escape-grade",
                        fmt::join(allowed, ", "));
  return judgement;
}

Result<Judgement> JudgeNoNewPrivileges(const Observation& observation) {
  ASSIGN_OR_RETURN(const nlohmann::json* security, SectionOf(observation.document, "security"));
  Judgement judgement;
  judgement.evidence["observed"] = *security;
  judgement.evidence["declared"] = observation.deployment.no_new_privileges;
  // The status field where the kernel has it, else prctl(PR_GET_NO_NEW_PRIVS).
  auto flag = IntAt(*security, "no_new_privs");
  if (!flag) flag = IntAt(*security, "no_new_privs_prctl");
  if (!flag) return Fail("neither /proc/self/status nor prctl reports NoNewPrivs");
  if (!observation.deployment.no_new_privileges) {
    judgement.problems.push_back(
        "the deployment does not declare no_new_privileges: true, so no substrate is asked to "
        "set it");
  }
  if (*flag != 1) {
    judgement.problems.push_back(fmt::format(
        "NoNewPrivs is {}: a setuid or file-capability binary can raise the agent's privileges",
        *flag));
  }
  judgement.holds = "NoNewPrivs is 1, as declared: execve cannot grant privileges";
  return judgement;
}

Result<Judgement> JudgeSyscallFilter(const Observation& observation) {
  ASSIGN_OR_RETURN(const nlohmann::json* security, SectionOf(observation.document, "security"));
  auto mode = IntAt(*security, "seccomp_mode");
  auto init_mode = InitSeccompMode(observation.document);
  SandboxKernel sandbox_kernel = ShowSandboxKernel(observation);
  Judgement judgement;
  judgement.evidence["observed"] = *security;
  judgement.evidence["init_seccomp_mode"] = init_mode ? nlohmann::json(*init_mode) : nullptr;
  judgement.evidence["declared_seccomp"] = ToString(observation.deployment.seccomp);
  judgement.evidence["sandbox_kernel"] = {{"shown", sandbox_kernel.shown},
                                          {"reason", sandbox_kernel.reason}};
  std::string modes = fmt::format(
      "Seccomp: {} for processes exec'd into the sandbox, {} for the "
      "agent's init",
      mode ? std::to_string(*mode) : "not reported",
      init_mode ? std::to_string(*init_mode) : "not readable");
  bool exec_filtered = mode == 2;
  bool init_filtered = !init_mode || *init_mode == 2;
  if (exec_filtered && init_filtered) {
    judgement.holds = fmt::format("a seccomp filter is active ({}; {} filters)", modes,
                                  IntAt(*security, "seccomp_filters").value_or(0));
  } else if (sandbox_kernel.shown) {
    // gVisor's Sentry implements every syscall itself; the host kernel sees only the Sentry's
    // own, seccomp-filtered, syscalls. That is the filter, whatever the agent's mode.
    judgement.holds = fmt::format(
        "{}, but the agent runs on a sandbox kernel, which answers every "
        "syscall itself: {}",
        modes, sandbox_kernel.reason);
  } else if (!mode) {
    return Fail("the kernel reports no Seccomp mode for the agent");
  } else {
    judgement.problems.push_back(fmt::format(
        "not every process in the sandbox is under a seccomp filter ({}), and the agent shares "
        "the host kernel: every syscall of the host kernel is reachable",
        modes));
  }
  return judgement;
}

Result<Judgement> JudgeDangerousSyscalls(const Observation& observation) {
  ASSIGN_OR_RETURN(const nlohmann::json* syscalls, SectionOf(observation.document, "syscalls"));
  Judgement judgement;
  judgement.evidence["observed"] = *syscalls;
  std::vector<std::string> denials;
  std::vector<std::string> succeeded;
  for (const std::string& name : DeniedSyscallAttempts()) {
    ASSIGN_OR_RETURN(Attempt attempt, AttemptAt(*syscalls, name, "syscalls"));
    if (!attempt.Decided()) {
      return Fail("the probe's {} attempt did not finish: {}", name, attempt.Describe());
    }
    if (attempt.ok) {
      succeeded.push_back(name);
    } else {
      denials.push_back(fmt::format("{} ({})", name, attempt.Describe()));
    }
  }
  judgement.holds = fmt::format("every attempt was denied: {}", fmt::join(denials, ", "));
  if (succeeded.empty()) return judgement;
  SandboxKernel sandbox_kernel = ShowSandboxKernel(observation);
  judgement.evidence["sandbox_kernel"] = {{"shown", sandbox_kernel.shown},
                                          {"reason", sandbox_kernel.reason}};
  if (sandbox_kernel.shown) {
    // A namespace, mount, trace or keyring made here lives in the sandbox kernel; the host
    // kernel never sees these calls.
    judgement.evidence["inside_sandbox_kernel"] = succeeded;
    judgement.holds = fmt::format(
        "{} succeeded only inside the sandbox kernel, which answers them itself ({}); denied: {}",
        fmt::join(succeeded, ", "), sandbox_kernel.reason,
        denials.empty() ? "none" : fmt::format("{}", fmt::join(denials, ", ")));
    return judgement;
  }
  for (const std::string& name : succeeded) {
    judgement.problems.push_back(fmt::format("{} succeeded on the host kernel", name));
  }
  return judgement;
}

Result<Judgement> JudgeNoEscalation(const Observation& observation) {
  ASSIGN_OR_RETURN(const nlohmann::json* sudo, SectionOf(observation.document, "sudo"));
  Judgement judgement;
  judgement.evidence["observed"] = *sudo;
  auto attempts = sudo->find("attempts");
  if (attempts == sudo->end() || !attempts->is_object()) {
    return Fail("the probe's sudo section has no attempts");
  }
  std::vector<std::string> tried;
  for (const char* tool : {"sudo", "su"}) {
    auto attempt = attempts->find(tool);
    if (attempt == attempts->end() || attempt->is_null()) continue;  // not installed
    std::string command = fmt::format("{}", fmt::join(StringsAt(*attempt, "command"), " "));
    if (BoolAt(*attempt, "usable")) {
      judgement.problems.push_back(
          fmt::format("`{}` succeeded: the agent can run commands as root", command));
    } else {
      tried.push_back(fmt::format("`{}` failed", command));
    }
  }
  judgement.holds = tried.empty() ? "neither sudo nor su is installed"
                                  : fmt::format("{}", fmt::join(tried, ", "));
  return judgement;
}

}  // namespace sandcheck::isolation
