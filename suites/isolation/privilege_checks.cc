// ISO-001..006: who the agent is and what the kernel lets it do.
#include "suites/isolation/isolation_checks.h"
#include "suites/isolation/observe_and_judge.h"
#include "suites/isolation/privilege_judges.h"

namespace sandcheck::isolation {

std::vector<CheckInfo> PrivilegeChecks() {
  return {
      {{
           .id = "ISO-001",
           .must = "The agent MUST run as a non-root uid and gid, without supplementary group 0, "
                   "and no process in the sandbox may run as root",
           .family = Family::kIsolation,
           .phase = Phase::kIsolation,
           .severity = Severity::kCritical,
           .rationale =
               "Without a user namespace, root in a container is root on the host kernel: one "
               "writable host path, leaked capability or kernel bug away from the host. Group 0 "
               "opens every root-group file. Claude Code itself refuses "
               "--dangerously-skip-permissions as root for this reason.",
           .remediation =
               "Declare user: {uid: 1000, gid: 1000} (docker run --user 1000:1000, "
               "runAsNonRoot/runAsUser in Kubernetes), leave 0 out of additional_gids, and "
               "start the agent's init as that user rather than dropping privileges later.",
           .required_capabilities = {},
           .negative_controls = {"iso-root-user.yaml", "iso-root-group.yaml",
                                 "docker-pid-host.yaml", "kind-host-pid.yaml"},
       },
       ObserveAndJudge<JudgeNonRootIdentity>},
      {{
           .id = "ISO-002",
           .must = "The agent's effective, permitted, bounding, ambient and inheritable "
                   "capability sets MUST stay within the deployment's declared set and hold no "
                   "escape-grade capability",
           .family = Family::kIsolation,
           .phase = Phase::kIsolation,
           .severity = Severity::kCritical,
           .rationale =
               "Capabilities are root's powers in pieces. CAP_SYS_ADMIN alone allows mounts and "
               "the cgroup release_agent escape; the bounding set is what a setuid binary or "
               "file capability can regain. A runtime that hands out more than declared, or a "
               "declaration that keeps an escape-grade capability, leaves the host reachable.",
           .remediation =
               "Declare capabilities: {drop: [ALL]} and add back only what the agent provably "
               "needs (usually nothing); never add SYS_ADMIN, SYS_PTRACE, NET_ADMIN, "
               "DAC_READ_SEARCH, SYS_MODULE, SYS_RAWIO, BPF or the other escape-grade ones.",
           .required_capabilities = {},
           .negative_controls = {"iso-cap-sys-admin.yaml", "docker-cap-sys-admin.yaml",
                                 "docker-privileged.yaml", "kind-privileged.yaml"},
       },
       ObserveAndJudge<JudgeCapabilities>},
      {{
           .id = "ISO-003",
           .must = "The deployment MUST declare no_new_privileges and the agent MUST run with "
                   "NoNewPrivs set",
           .family = Family::kIsolation,
           .phase = Phase::kIsolation,
           .severity = Severity::kHigh,
           .rationale =
               "NoNewPrivs makes execve unable to grant privileges: setuid-root binaries and "
               "file capabilities stop working, so a non-root agent stays non-root even if the "
               "image ships sudo, su or a capability-marked binary. A hardened deployment sets "
               "it explicitly; relying on a runtime's default does not carry across substrates.",
           .remediation =
               "Declare no_new_privileges: true (docker run --security-opt no-new-privileges, "
               "allowPrivilegeEscalation: false in Kubernetes).",
           .required_capabilities = {},
           .negative_controls = {"iso-no-new-privileges-off.yaml", "kind-privileged.yaml"},
       },
       ObserveAndJudge<JudgeNoNewPrivileges>},
      {{
           .id = "ISO-004",
           .must = "Every process in the sandbox MUST be under a syscall filter: seccomp mode 2 "
                   "for the agent's init and for processes exec'd into the sandbox, or a sandbox "
                   "kernel that answers every syscall itself",
           .family = Family::kIsolation,
           .phase = Phase::kIsolation,
           .severity = Severity::kHigh,
           .rationale =
               "A container shares the host kernel; seccomp removes the syscalls that container "
               "escapes and kernel exploits start from (keyctl, bpf, userfaultfd, unshare, "
               "mount). gVisor answers every syscall in its own kernel, which counts as the "
               "filter and is stated in the evidence.",
           .remediation =
               "Keep seccomp at runtime-default (never unconfined), or supply a profile that "
               "denies at least Docker's default list; or run on runsc.",
           .required_capabilities = {CapabilityKind::kSeccomp},
           .negative_controls = {"iso-seccomp-unconfined.yaml", "docker-privileged.yaml",
                                 "kind-privileged.yaml", "kind-host-pid.yaml"},
       },
       ObserveAndJudge<JudgeSyscallFilter>},
      {{
           .id = "ISO-005",
           .must = "mount, unshare of user, mount and network namespaces, ptrace, keyctl and "
                   "bpf MUST fail when the agent tries them on the host kernel",
           .family = Family::kIsolation,
           .phase = Phase::kIsolation,
           .severity = Severity::kHigh,
           .rationale =
               "These are the syscalls escapes are built from: a user namespace hands back "
               "every capability over new namespaces, mount and ptrace reach other processes' "
               "views and memory, keyctl and bpf are large kernel attack surfaces. A filter that "
               "is active but lets them through is no filter for this purpose; only trying "
               "them shows it.",
           .remediation =
               "Use the runtime-default seccomp profile or add mount, umount2, unshare, setns, "
               "ptrace, keyctl, add_key, request_key and bpf to your profile's deny list; keep "
               "capabilities dropped.",
           .required_capabilities = {CapabilityKind::kSeccomp},
           .negative_controls = {"iso-seccomp-permissive.yaml", "iso-seccomp-unconfined.yaml",
                                 "docker-privileged.yaml", "kind-privileged.yaml"},
       },
       ObserveAndJudge<JudgeDangerousSyscalls>},
      {{
           .id = "ISO-006",
           .must = "Neither sudo nor su MUST let the agent run a command as root",
           .family = Family::kIsolation,
           .phase = Phase::kIsolation,
           .severity = Severity::kCritical,
           .rationale =
               "Passwordless sudo, or su in a sandbox whose agent already holds the powers to "
               "switch users, turns every other protection for a non-root agent into a "
               "formality. The probe runs `sudo -n true` and `su -c true root` without a "
               "terminal and counts only a successful exit.",
           .remediation =
               "Do not install sudo in the agent image (or remove the agent user from sudoers), "
               "run as non-root with capabilities dropped, and set no_new_privileges so "
               "setuid binaries cannot elevate.",
           .required_capabilities = {},
           .negative_controls = {"iso-root-user.yaml"},
       },
       ObserveAndJudge<JudgeNoEscalation>},
  };
}

}  // namespace sandcheck::isolation
