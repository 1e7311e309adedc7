#include "tools/probe/init_mode.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <initializer_list>

namespace sandcheck::probe {
namespace {

void NoOp(int) {}

void ReapAll() {
  while (::waitpid(-1, nullptr, WNOHANG) > 0) {
  }
}

}  // namespace

void AnnounceReady() {
  static constexpr char kReady[] = "sandcheck-probe init: ready\n";
  [[maybe_unused]] ssize_t ignored = ::write(STDERR_FILENO, kReady, sizeof(kReady) - 1);
}

int RunInit() {
  // Orphans are reparented to us even when we are not PID 1 (e.g. under `runsc exec`).
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);
  sigset_t waited;
  sigemptyset(&waited);
  for (int signal : {SIGCHLD, SIGTERM, SIGINT}) {
    // PID 1 never receives signals left at SIG_DFL, so give each a handler; blocking them
    // then delivers them to sigwaitinfo instead.
    struct sigaction action = {};
    action.sa_handler = NoOp;
    sigemptyset(&action.sa_mask);
    ::sigaction(signal, &action, nullptr);
    sigaddset(&waited, signal);
  }
  ::sigprocmask(SIG_BLOCK, &waited, nullptr);
  ReapAll();  // children that exited before the mask was set
  AnnounceReady();
  while (true) {
    int signal = ::sigwaitinfo(&waited, nullptr);
    if (signal < 0) {
      if (errno == EINTR) continue;
      return 1;
    }
    ReapAll();
    if (signal == SIGTERM || signal == SIGINT) return 0;
  }
}

}  // namespace sandcheck::probe
