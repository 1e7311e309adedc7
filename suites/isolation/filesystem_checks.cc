// ISO-007..013: what the agent can write, execute, open and connect to.
#include "suites/isolation/filesystem_judges.h"
#include "suites/isolation/isolation_checks.h"
#include "suites/isolation/mount_policy.h"
#include "suites/isolation/observe_and_judge.h"

namespace sandcheck::isolation {

std::vector<CheckInfo> FilesystemChecks() {
  return {
      {{
           .id = "ISO-007",
           .must = "The root filesystem MUST be read-only: creating a file in /, /etc or /usr "
                   "fails with EROFS",
           .family = Family::kIsolation,
           .phase = Phase::kIsolation,
           .severity = Severity::kHigh,
           .rationale =
               "A writable image lets the agent plant binaries, libraries, shell profiles or "
               "CA certificates that everything after it trusts, and keep state the next "
               "session inherits. EROFS shows the filesystem refuses; EACCES only shows this "
               "user lacks permission today.",
           .remediation =
               "Declare read_only_root: true (docker run --read-only, "
               "readOnlyRootFilesystem in Kubernetes) and give the agent writable tmpfs or "
               "volumes only where it must write.",
           .required_capabilities = {},
           .negative_controls = {"iso-writable-root.yaml", "native-srt-write-too-wide.yaml"},
       },
       ObserveAndJudge<JudgeReadOnlyRoot>},
      {{
           .id = "ISO-008",
           .must = "/tmp MUST be a writable tmpfs of its own whose size statfs reports as the "
                   "deployment declares",
           .family = Family::kIsolation,
           .phase = Phase::kIsolation,
           .severity = Severity::kMedium,
           .rationale =
               "Tools need a writable /tmp even on a read-only root; an unbounded tmpfs is "
               "host memory the agent can fill until the host swaps or the OOM killer picks "
               "something else.",
           .remediation = "Declare a tmpfs at /tmp with an explicit size (docker run --tmpfs "
                          "/tmp:size=512m,noexec,nosuid,nodev; an emptyDir with medium: Memory and "
                          "sizeLimit in Kubernetes).",
           .required_capabilities = {CapabilityKind::kOwnTmpfs},
           .negative_controls = {"iso-tmp-unbounded.yaml", "native-bwrap-write-too-wide.yaml"},
       },
       ObserveAndJudge<JudgeTmpBounded>},
      {{
           .id = "ISO-009",
           .must = "/tmp MUST be noexec: running a program the agent wrote there fails with "
                   "EACCES",
           .family = Family::kIsolation,
           .phase = Phase::kIsolation,
           .severity = Severity::kMedium,
           .rationale =
               "With a read-only root, /tmp is where downloaded or generated binaries would "
               "run from. noexec forces them through an interpreter the deployment chose, "
               "which hooks and audit logging see.",
           .remediation = "Declare noexec: true on the /tmp tmpfs (and nosuid, nodev).",
           .required_capabilities = {CapabilityKind::kMountFlags},
           .negative_controls = {"iso-tmp-exec.yaml"},
       },
       ObserveAndJudge<JudgeTmpNoexec>},
      {{
           .id = "ISO-010",
           .must = "The sandbox MUST show only declared mounts and the runtime's standard set, "
                   "and no home directory or credential store of the host",
           .family = Family::kIsolation,
           .phase = Phase::kIsolation,
           .severity = Severity::kCritical,
           .rationale =
               "A bind of the host's home, ~/.ssh, ~/.aws or ~/.gitconfig hands the agent "
               "keys that work outside the sandbox. An undeclared mount is one nobody "
               "reviewed. Credential stores are found by stat'ing them under every mounted "
               "directory, not by reading the deployment.",
           .remediation =
               "Mount only the project (and named volumes for the agent's own state); copy "
               "in selected configuration instead of binding a home directory, and keep "
               "credentials on the host behind a proxy.",
           .required_capabilities = {},
           .negative_controls = {"iso-host-home.yaml", "native-bwrap-home-readable.yaml",
                                 "kind-manifests-host-root.yaml", "kind-manifests-sa-token.yaml"},
       },
       ObserveAndJudge<JudgeDeclaredMounts>},
      {{
           .id = "ISO-011",
           .must = "No container-engine socket (docker, containerd, cri-o, podman) MUST accept "
                   "a connect() from the agent",
           .family = Family::kIsolation,
           .phase = Phase::kIsolation,
           .severity = Severity::kCritical,
           .rationale = "An engine socket is root on the host: the agent can start a privileged "
                        "container that mounts /. Only connecting shows whether something listens.",
           .remediation =
               "Never bind /var/run/docker.sock or another engine socket into an agent "
               "sandbox; give tools that need an engine a remote, separately sandboxed one.",
           .required_capabilities = {},
           .negative_controls = {"iso-engine-socket.yaml", "docker-socket.yaml"},
       },
       ObserveAndJudge<JudgeNoEngineSocket>},
      {{
           .id = "ISO-012",
           .must = "/proc/sys, /proc/sysrq-trigger, /sys and every cgroup release_agent MUST "
                   "refuse to open for writing",
           .family = Family::kIsolation,
           .phase = Phase::kIsolation,
           .severity = Severity::kCritical,
           .rationale =
               "These files configure the host kernel: core_pattern and release_agent run a "
               "program of the writer's choice as root on the host (the classic container "
               "escapes), sysrq-trigger reboots it.",
           .remediation =
               "Do not run privileged, keep the runtime's read-only and masked paths, never "
               "bind /sys or /sys/fs/cgroup writable, and run as non-root.",
           .required_capabilities = {},
           .negative_controls = {"iso-cgroup-writable.yaml"},
       },
       ObserveAndJudge<JudgeKernelInterfacesReadOnly>},
      {{
           .id = "ISO-013",
           .must = "No raw device (/dev/mem, /dev/kmem, /dev/port, /dev/kmsg, block devices, "
                   "/dev/kvm, or the host's /dev/fuse and /dev/net/tun) MUST open for the agent",
           .family = Family::kIsolation,
           .phase = Phase::kIsolation,
           .severity = Severity::kHigh,
           .rationale =
               "Raw devices bypass every filesystem and namespace: memory and port devices "
               "read and write the host, block devices hold the host's disks, kmsg its kernel "
               "log, kvm/fuse/tun are large kernel attack surfaces. gVisor implements fuse and "
               "tun in its own kernel; there they are listed, not failed.",
           .remediation =
               "Do not run privileged and do not pass devices (--device) or bind /dev; keep "
               "the runtime's default device allowlist.",
           .required_capabilities = {},
           .negative_controls = {"iso-host-dev-net.yaml"},
       },
       ObserveAndJudge<JudgeNoRawDevices>},
  };
}

}  // namespace sandcheck::isolation
