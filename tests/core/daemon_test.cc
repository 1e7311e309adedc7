#include "core/daemon.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include "core/temp_dir.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

// A daemon must not hold a pipe another thread opened without O_CLOEXEC: a command fed through
// that pipe would never read EOF while the daemon lives (the egress tests hung on `ip -batch -`
// this way while a mitmdump started).
TEST(Daemon, DoesNotInheritDescriptorsOpenedElsewhere) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-daemon-test-"));
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);  // deliberately without O_CLOEXEC
  ASSERT_OK_AND_ASSIGN(Daemon daemon, Daemon::Start({"sleep", "30"}, dir.path() / "sleep.log"));
  ::close(fds[1]);
  pollfd readable{fds[0], POLLIN, 0};
  ASSERT_EQ(::poll(&readable, 1, 5000), 1) << "the pipe's write end lives on in the daemon";
  char byte;
  EXPECT_EQ(::read(fds[0], &byte, 1), 0) << "expected EOF";
  ::close(fds[0]);
  EXPECT_TRUE(daemon.Running());
}

}  // namespace
}  // namespace sandcheck
