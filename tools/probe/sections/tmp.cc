// tmp: how /tmp is provisioned (size, mount flags) and whether a file placed there can be
// executed: the probe copies itself there, marks the copy executable and runs it. EACCES from
// execve is what a working noexec mount looks like.
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "tools/probe/encoding.h"
#include "tools/probe/sections/sections.h"
#include "tools/probe/sys.h"

namespace sandcheck::probe {
namespace {

constexpr Millis kExecTimeout{5000};

Json SetupFailure(const char* step, int error) {
  return Json{{"attempted", false}, {"setup_step", step}, {"setup_error", ErrnoName(error)}};
}

// Copies the running binary (the one executable certain to exist and to run here) to `fd`.
int CopySelfTo(int fd) {
  int self = ::open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (self < 0) return errno;
  char buffer[65536];
  int error = 0;
  while (true) {
    ssize_t n = ::read(self, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n < 0) error = errno;
      break;
    }
    for (ssize_t written = 0; written < n && error == 0;) {
      ssize_t w = ::write(fd, buffer + written, n - written);
      if (w < 0 && errno != EINTR) error = errno;
      if (w > 0) written += w;
    }
    if (error != 0) break;
  }
  ::close(self);
  return error;
}

Json ExecAttempt(const std::string& directory) {
  std::string file = directory + "/.sandcheck-probe-exec-XXXXXX";
  int fd = ::mkstemp(file.data());
  if (fd < 0) return SetupFailure("create", errno);
  int error = CopySelfTo(fd);
  const char* failed_step = error != 0 ? "copy" : nullptr;
  if (error == 0 && ::fchmod(fd, 0700) != 0) {
    error = errno;
    failed_step = "chmod";
  }
  ::close(fd);  // before execve: an open writer would make it fail with ETXTBSY
  if (failed_step != nullptr) {
    ::unlink(file.c_str());
    return SetupFailure(failed_step, error);
  }
  ProgramEnd end = RunProgram({file, "version"}, kExecTimeout);
  int cleanup_error = ::unlink(file.c_str()) == 0 ? 0 : errno;
  Json attempt{{"attempted", true}};
  attempt.update(AttemptJson(end.exec_errno));
  attempt["exit_code"] =
      end.exec_errno == 0 && end.child.exited ? Json(end.child.exit_code) : Json(nullptr);
  attempt["cleanup_error"] = ErrorNameJson(cleanup_error);
  return attempt;
}

Json MountFlags(const std::string& path) {
  MountTable table = ReadOwnMountTable();
  const MountInfo* mount = MountContaining(table.mounts, path);
  if (mount == nullptr) return nullptr;
  return Json{{"mount_point", mount->mount_point},
              {"fs_type", mount->fs_type},
              {"read_only", HasOption(mount->options, "ro")},
              {"noexec", HasOption(mount->options, "noexec")},
              {"nosuid", HasOption(mount->options, "nosuid")},
              {"nodev", HasOption(mount->options, "nodev")}};
}

}  // namespace

Json TmpSection(const ObserveOptions&) {
  Json tmp{{"path", "/tmp"}};
  char resolved[PATH_MAX];
  if (::realpath("/tmp", resolved) == nullptr) {
    tmp["exists"] = false;
    tmp["resolve_error"] = ErrnoName(errno);
    return tmp;
  }
  tmp["exists"] = true;
  tmp["resolved"] = resolved;
  struct statfs fs;
  bool have_fs = ::statfs(resolved, &fs) == 0;
  tmp["statfs_error"] = ErrorNameJson(have_fs ? 0 : errno);
  char magic[32];
  std::snprintf(magic, sizeof(magic), "0x%lx", have_fs ? static_cast<unsigned long>(fs.f_type) : 0);
  tmp["size_bytes"] = have_fs ? Json(static_cast<uint64_t>(fs.f_blocks) * fs.f_bsize) : Json();
  tmp["available_bytes"] = have_fs ? Json(static_cast<uint64_t>(fs.f_bavail) * fs.f_bsize) : Json();
  tmp["statfs_magic"] = have_fs ? Json(magic) : Json();
  tmp["mount"] = MountFlags(resolved);
  tmp["exec"] = ExecAttempt(resolved);
  return tmp;
}

}  // namespace sandcheck::probe
