#include "clusters/oci/init_ready.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "core/fs_util.h"
#include "core/process.h"

namespace sandcheck {
namespace {

class InotifyFd {
 public:
  explicit InotifyFd(int fd) : fd_(fd) {}
  InotifyFd(const InotifyFd&) = delete;
  ~InotifyFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

bool HoldsReadyLine(const std::filesystem::path& file, std::string* content) {
  auto read = ReadFile(file);
  *content = read.ok() ? *read : read.message();
  return read.ok() && read->find(kInitReadyLine) != std::string::npos;
}

}  // namespace

Status WaitForInitReady(const std::filesystem::path& init_stderr, Duration timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  InotifyFd inotify(::inotify_init1(IN_CLOEXEC | IN_NONBLOCK));
  if (inotify.get() < 0) return Fail("inotify_init1: {}", std::strerror(errno));
  // Watch first, then read: a write between the two still wakes the poll below.
  if (::inotify_add_watch(inotify.get(), init_stderr.c_str(), IN_MODIFY | IN_CLOSE_WRITE) < 0) {
    return Fail("watch {}: {}", init_stderr.string(), std::strerror(errno));
  }
  std::string content;
  while (!HoldsReadyLine(init_stderr, &content)) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return Fail("the init did not report ready in {} within {} ms: {}", init_stderr.string(),
                  timeout.count(), Tail(content));
    }
    pollfd ready = {inotify.get(), POLLIN, 0};
    if (::poll(&ready, 1, static_cast<int>(left.count())) < 0 && errno != EINTR) {
      return Fail("poll inotify of {}: {}", init_stderr.string(), std::strerror(errno));
    }
    char events[4096];
    while (::read(inotify.get(), events, sizeof(events)) > 0) {
    }
  }
  return Status::Ok();
}

}  // namespace sandcheck
