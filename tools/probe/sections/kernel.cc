// kernel and hostname. Under gVisor uname, /proc/version and the kernel log are produced by
// the Sentry, not the host kernel; the probe records those raw facts and leaves the verdict
// ("is this a sandbox kernel?") to checks.
#include <fcntl.h>
#include <sys/klog.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

#include "tools/probe/encoding.h"
#include "tools/probe/sections/sections.h"
#include "tools/probe/sys.h"

namespace sandcheck::probe {
namespace {

constexpr size_t kLogHeadBytes = 256;
constexpr int kSyslogActionReadAll = 3;  // non-destructive read of the kernel log buffer

struct utsname Uname() {
  struct utsname names = {};
  if (::uname(&names) != 0) throw std::runtime_error("uname: " + ErrnoName(errno));
  return names;
}

// Opens /dev/kmsg and reads its first record without blocking.
Json KmsgAttempt() {
  int fd = ::open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    Json attempt = AttemptJson(errno);
    attempt["head"] = nullptr;
    return attempt;
  }
  char record[kLogHeadBytes];
  ssize_t n = ::read(fd, record, sizeof(record));
  int error = n < 0 ? errno : 0;
  ::close(fd);
  Json attempt = AttemptJson(error);
  attempt["head"] = n > 0 ? Json(std::string(record, n)) : Json(nullptr);
  return attempt;
}

// The syslog(2) call dmesg uses.
Json SyslogAttempt() {
  std::string buffer(16384, '\0');
  int n = ::klogctl(kSyslogActionReadAll, buffer.data(), static_cast<int>(buffer.size()));
  Json attempt = AttemptJson(n < 0 ? errno : 0);
  attempt["head"] =
      n > 0 ? Json(buffer.substr(0, std::min<size_t>(n, kLogHeadBytes))) : Json(nullptr);
  return attempt;
}

}  // namespace

Json KernelSection(const ObserveOptions&) {
  struct utsname names = Uname();
  Json kernel;
  kernel["sysname"] = names.sysname;
  kernel["release"] = names.release;
  kernel["version"] = names.version;
  kernel["machine"] = names.machine;
  FileContent proc_version = ReadFileBounded("/proc/version", 4096);
  Json facts;
  facts["proc_version"] = proc_version.error == 0 ? Json(proc_version.data) : Json(nullptr);
  // Random per boot of a kernel: equal to the host's only when the kernel is the host's.
  FileContent boot_id = ReadFileBounded("/proc/sys/kernel/random/boot_id", 64);
  facts["boot_id"] = boot_id.error == 0 ? Json(boot_id.data) : Json(nullptr);
  facts["kmsg"] = KmsgAttempt();
  facts["syslog"] = SyslogAttempt();
  kernel["sandbox_kernel"] = facts;
  return kernel;
}

Json HostnameSection(const ObserveOptions&) {
  struct utsname names = Uname();
  return Json{{"name", names.nodename}, {"domainname", names.domainname}};
}

}  // namespace sandcheck::probe
