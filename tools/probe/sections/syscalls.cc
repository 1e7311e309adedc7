// syscalls: privileged operations, each attempted for real in a throwaway child process so
// that whatever succeeds (a namespace, a mount, a keyring, a BPF map, a trace) dies with the
// child. reboot, init_module and the like are never attempted: success would be harmful.
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/keyctl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "tools/probe/encoding.h"
#include "tools/probe/sections/sections.h"
#include "tools/probe/sys.h"

namespace sandcheck::probe {
namespace {

constexpr Millis kAttemptTimeout{2000};

int ErrnoOf(long result) { return result < 0 ? errno : 0; }

Json Attempt(const std::function<int()>& body) {
  return ChildAttemptJson(RunChild(body, kAttemptTimeout));
}

// What the mount child tells its parent beyond the errno it exits with.
struct MountReport {
  int private_namespace;  // 1: the mount ran in a fresh mount namespace made private
  int cleanup_error;      // umount errno when the mount landed in a shared namespace
};

// Somewhere to mount on: a fresh empty directory if one can be made, else an existing one.
std::string MountTarget(bool* created) {
  for (const char* parent : {"/tmp", "/dev/shm", "/var/tmp"}) {
    std::string path = std::string(parent) + "/.sandcheck-probe-mount-XXXXXX";
    if (::mkdtemp(path.data()) != nullptr) {
      *created = true;
      return path;
    }
  }
  *created = false;
  for (const char* existing : {"/tmp", "/mnt", "/media", "/srv", "/opt", "/run"}) {
    struct stat info;
    if (::stat(existing, &info) == 0 && S_ISDIR(info.st_mode)) return existing;
  }
  return "/";
}

// mount(2) of a tmpfs. Where the child may create a mount namespace and make it private, it
// mounts there, so nothing reaches the host even when the probe runs as root unconfined.
// Otherwise the mount lands in a namespace shared with others and, if it succeeds, is
// unmounted at once.
Json MountAttempt() {
  bool created = false;
  std::string target = MountTarget(&created);
  auto* report = static_cast<MountReport*>(::mmap(
      nullptr, sizeof(MountReport), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
  if (report == MAP_FAILED) throw std::runtime_error("mmap: " + ErrnoName(errno));
  *report = {};
  Json attempt = Attempt([&]() {
    // A new namespace still propagates mounts to the old one until it is made private.
    report->private_namespace = ::unshare(CLONE_NEWNS) == 0 &&
                                ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0;
    if (::mount("sandcheck-probe", target.c_str(), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                "size=64k") != 0) {
      return errno;
    }
    if (!report->private_namespace && ::umount2(target.c_str(), MNT_DETACH) != 0) {
      report->cleanup_error = errno;
    }
    return 0;
  });
  attempt["target"] = target;
  attempt["namespace"] = report->private_namespace ? "private" : "shared";
  attempt["cleanup_error"] = ErrorNameJson(report->cleanup_error);
  ::munmap(report, sizeof(MountReport));
  if (created) ::rmdir(target.c_str());
  return attempt;
}

// PTRACE_ATTACH from this child to its own paused child (allowed by Yama scope 1, refused by
// scope 2+, seccomp or a missing CAP_SYS_PTRACE where those apply).
int PtraceAttach() {
  pid_t tracee = ::fork();
  if (tracee < 0) return errno;
  if (tracee == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    while (true) ::pause();
  }
  int error = ErrnoOf(::ptrace(PTRACE_ATTACH, tracee, nullptr, nullptr));
  ::kill(tracee, SIGKILL);
  while (::waitpid(tracee, nullptr, 0) < 0 && errno == EINTR) {
  }
  return error;
}

// A one-entry array map: the smallest BPF object; its fd closes with the child.
int BpfMapCreate() {
  union bpf_attr attr = {};
  attr.map_type = BPF_MAP_TYPE_ARRAY;
  attr.key_size = 4;
  attr.value_size = 4;
  attr.max_entries = 1;
  return ErrnoOf(::syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof(attr)));
}

}  // namespace

Json SyscallsSection(const ObserveOptions&) {
  Json syscalls;
  syscalls["mount"] = MountAttempt();
  syscalls["unshare_user"] = Attempt([] { return ErrnoOf(::unshare(CLONE_NEWUSER)); });
  syscalls["unshare_mount"] = Attempt([] { return ErrnoOf(::unshare(CLONE_NEWNS)); });
  syscalls["unshare_net"] = Attempt([] { return ErrnoOf(::unshare(CLONE_NEWNET)); });
  syscalls["ptrace_attach"] = Attempt(PtraceAttach);
  syscalls["keyctl_join_session"] =
      Attempt([] { return ErrnoOf(::syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, nullptr)); });
  syscalls["bpf_map_create"] = Attempt(BpfMapCreate);
  syscalls["setuid_root"] = Attempt([] { return ErrnoOf(::setuid(0)); });
  syscalls["chroot"] = Attempt([] { return ErrnoOf(::chroot("/")); });
  return syscalls;
}

}  // namespace sandcheck::probe
