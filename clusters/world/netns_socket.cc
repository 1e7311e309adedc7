#include "clusters/world/netns_socket.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace sandcheck {
namespace {

Result<int> ListenHere(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Fail("socket: {}", std::strerror(errno));
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_ANY);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(fd, 64) != 0) {
    int error = errno;
    ::close(fd);
    return Fail("listen on port {}: {}", port, std::strerror(error));
  }
  return fd;
}

}  // namespace

Result<int> ListenInNamespace(const std::filesystem::path& netns, uint16_t port) {
  Result<int> result = Fail("not run");
  std::thread entering([&] {
    int target = ::open(netns.c_str(), O_RDONLY | O_CLOEXEC);
    if (target < 0) {
      result = Fail("open {}: {}", netns.string(), std::strerror(errno));
      return;
    }
    if (::setns(target, CLONE_NEWNET) != 0) {
      result = Fail("enter {}: {}", netns.string(), std::strerror(errno));
    } else {
      result = WithContext(ListenHere(port), "in " + netns.string());
    }
    ::close(target);
  });
  entering.join();
  return result;
}

Result<uint16_t> LocalPort(int fd) {
  sockaddr_in address{};
  socklen_t size = sizeof address;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    return Fail("getsockname: {}", std::strerror(errno));
  }
  return ntohs(address.sin_port);
}

}  // namespace sandcheck
