#include "clusters/world/netns_socket.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace sandcheck {
namespace {

Result<int> BindHere(int type, uint16_t port, bool dual_stack = false) {
  int fd = ::socket(dual_stack ? AF_INET6 : AF_INET, type | SOCK_CLOEXEC, 0);
  if (fd < 0) return Fail("socket: {}", std::strerror(errno));
  int one = 1, zero = 0;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_storage address{};
  socklen_t size = sizeof(sockaddr_in);
  if (dual_stack) {
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    v6->sin6_addr = in6addr_any;
    size = sizeof(sockaddr_in6);
  } else {
    auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    v4->sin_addr.s_addr = htonl(INADDR_ANY);
  }
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
      (type == SOCK_STREAM && ::listen(fd, 64) != 0)) {
    int error = errno;
    ::close(fd);
    return Fail("{} port {}: {}", type == SOCK_STREAM ? "listen on" : "bind", port,
                std::strerror(error));
  }
  return fd;
}

// Runs `body` on a thread that has entered `netns`, and returns what it returned.
template <typename T>
Result<T> InNamespace(const std::filesystem::path& netns, const std::function<Result<T>()>& body) {
  Result<T> result = Fail("not run");
  std::thread entering([&] {
    int target = ::open(netns.c_str(), O_RDONLY | O_CLOEXEC);
    if (target < 0) {
      result = Fail("open {}: {}", netns.string(), std::strerror(errno));
      return;
    }
    if (::setns(target, CLONE_NEWNET) != 0) {
      result = Fail("enter {}: {}", netns.string(), std::strerror(errno));
    } else {
      result = WithContext(body(), "in " + netns.string());
    }
    ::close(target);
  });
  entering.join();
  return result;
}

// A connected socket, made blocking again; an error when no connection came within `timeout`.
Result<int> ConnectHere(const std::string& address, uint16_t port, Duration timeout) {
  sockaddr_in target{};
  target.sin_family = AF_INET;
  target.sin_port = htons(port);
  if (::inet_pton(AF_INET, address.c_str(), &target.sin_addr) != 1) {
    return Fail("'{}' is not an IPv4 address", address);
  }
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return Fail("socket: {}", std::strerror(errno));
  int error = ::connect(fd, reinterpret_cast<sockaddr*>(&target), sizeof target) == 0 ? 0 : errno;
  if (error == EINPROGRESS) {
    pollfd waiting{fd, POLLOUT, 0};
    socklen_t size = sizeof error;
    int ready = ::poll(&waiting, 1, static_cast<int>(timeout.count()));
    if (ready != 1 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0) {
      error = ready == 0 ? ETIMEDOUT : errno;
    }
  }
  if (error != 0) {
    ::close(fd);
    return Fail("connect {}:{}: {}", address, port, std::strerror(error));
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

}  // namespace

Result<int> ListenInNamespace(const std::filesystem::path& netns, uint16_t port, bool dual_stack) {
  return InNamespace<int>(netns, [=] { return BindHere(SOCK_STREAM, port, dual_stack); });
}

Result<int> BindUdpInNamespace(const std::filesystem::path& netns, uint16_t port) {
  return InNamespace<int>(netns, [port] { return BindHere(SOCK_DGRAM, port); });
}

bool TcpAcceptsInNamespace(const std::filesystem::path& netns, const std::string& address,
                           uint16_t port, Duration timeout) {
  auto connected = ConnectTcpInNamespace(netns, address, port, timeout);
  if (connected.ok()) ::close(*connected);
  return connected.ok();
}

Result<int> ConnectTcpInNamespace(const std::filesystem::path& netns, const std::string& address,
                                  uint16_t port, Duration timeout) {
  return InNamespace<int>(netns, [&] { return ConnectHere(address, port, timeout); });
}

Status WriteNetSysctlInNamespace(const std::filesystem::path& netns,
                                 const std::filesystem::path& path, const std::string& value) {
  auto written = InNamespace<int>(netns, [&]() -> Result<int> {
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return Fail("open {}: {}", path.string(), std::strerror(errno));
    ssize_t n = ::write(fd, value.data(), value.size());
    int error = errno;
    ::close(fd);
    if (n != static_cast<ssize_t>(value.size())) {
      return Fail("write {}: {}", path.string(), std::strerror(error));
    }
    return 0;
  });
  if (!written.ok()) return written.error();
  return Status::Ok();
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
