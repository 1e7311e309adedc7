// fork_bomb and allocation: whether pid and memory limits hold, tested by pushing against them
// in bounded ways. Every child is killed and reaped before the section returns, and children
// die with the probe (PR_SET_PDEATHSIG) should it be killed itself.
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <stdexcept>

#include "tools/probe/encoding.h"
#include "tools/probe/sections/sections.h"
#include "tools/probe/sys.h"

namespace sandcheck::probe {
namespace {

constexpr Millis kForkBudget{15000};
constexpr Millis kAllocationTimeout{60000};
constexpr size_t kMiB = 1 << 20;

[[noreturn]] void SleepUntilKilled(pid_t parent) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(0);  // the parent died before PDEATHSIG was armed
  while (true) ::pause();
}

// What the allocating child tells its parent.
struct AllocationReport {
  std::atomic<int64_t> touched_mb;
  std::atomic<int> mmap_errno;
};

void AllocateAndTouch(size_t megabytes, AllocationReport* report) {
  // Offer ourselves as the OOM killer's first choice, so a limit that fails to hold takes
  // this child rather than something else on the machine.
  int fd = ::open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
  if (fd >= 0) {
    (void)!::write(fd, "1000", 4);
    ::close(fd);
  }
  size_t bytes = megabytes * kMiB;
  void* memory = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (memory == MAP_FAILED) {
    report->mmap_errno = errno;
    ::_exit(1);
  }
  auto* bytes_at = static_cast<volatile char*>(memory);
  size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  for (size_t mb = 0; mb < megabytes; ++mb) {
    // The kernel commits each MiB in one call (MAP_POPULATE over the reservation) instead of
    // one page fault per page: under gVisor's ptrace platform every fault is a round trip
    // through the Sentry, and 384 MiB took 6 s. Every page is still written below, so each
    // one is committed and charged even where populating is only advice.
    if (::mmap(static_cast<char*>(memory) + mb * kMiB, kMiB, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED | MAP_POPULATE, -1,
               0) == MAP_FAILED) {
      report->mmap_errno = errno;  // the range may be unmapped now: stop, never touch it
      ::_exit(1);
    }
    for (size_t offset = 0; offset < kMiB; offset += page) bytes_at[mb * kMiB + offset] = 1;
    report->touched_mb = static_cast<int64_t>(mb + 1);
  }
}

}  // namespace

Json ForkBombSection(const ObserveOptions& options) {
  const int requested = *options.fork_bomb;
  auto start = Clock::now();
  pid_t self = ::getpid();
  std::vector<pid_t> children;
  int fork_error = 0;
  bool out_of_time = false;
  while (static_cast<int>(children.size()) < requested) {
    if (Clock::now() - start >= kForkBudget) {
      out_of_time = true;
      break;
    }
    pid_t pid = ::fork();
    if (pid < 0) {
      fork_error = errno;
      break;
    }
    if (pid == 0) SleepUntilKilled(self);
    children.push_back(pid);
  }
  for (pid_t pid : children) ::kill(pid, SIGKILL);
  size_t reaped = 0;
  for (pid_t pid : children) {
    pid_t result;
    while ((result = ::waitpid(pid, nullptr, 0)) < 0 && errno == EINTR) {
    }
    if (result == pid) ++reaped;
  }
  const char* stopped_by = fork_error != 0 ? "fork_error" : out_of_time ? "time" : "count";
  return Json{{"requested", requested},
              {"forked", children.size()},
              {"stopped_by", stopped_by},
              {"errno", fork_error},
              {"error", ErrorNameJson(fork_error)},
              {"reaped", reaped},
              {"elapsed_ms", ElapsedMs(start)}};
}

Json AllocationSection(const ObserveOptions& options) {
  const int requested = *options.allocate_mb;
  auto* report = static_cast<AllocationReport*>(::mmap(nullptr, sizeof(AllocationReport),
                                                       PROT_READ | PROT_WRITE,
                                                       MAP_SHARED | MAP_ANONYMOUS, -1, 0));
  if (report == MAP_FAILED) throw std::runtime_error("mmap: " + ErrnoName(errno));
  new (report) AllocationReport{};
  ChildEnd end = RunChild(
      [&]() {
        AllocateAndTouch(static_cast<size_t>(requested), report);
        return 0;
      },
      kAllocationTimeout);
  const char* outcome = end.fork_errno != 0       ? "fork_failed"
                        : end.timed_out           ? "timed_out"
                        : report->mmap_errno != 0 ? "mmap_failed"
                        : end.signal != 0         ? "killed"
                        : end.exit_code == 0      ? "completed"
                                                  : "failed";
  Json allocation{{"requested_mb", requested},
                  {"outcome", outcome},
                  {"touched_mb", report->touched_mb.load()},
                  {"signal", end.signal != 0 ? Json(end.signal) : Json(nullptr)},
                  {"exit_code", end.exited ? Json(end.exit_code) : Json(nullptr)},
                  {"mmap_error", ErrorNameJson(report->mmap_errno)},
                  {"fork_error", ErrorNameJson(end.fork_errno)},
                  {"elapsed_ms", end.elapsed_ms}};
  ::munmap(report, sizeof(AllocationReport));
  return allocation;
}

}  // namespace sandcheck::probe
