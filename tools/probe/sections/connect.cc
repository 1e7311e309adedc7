// connect: reachability of the --connect targets, by connecting. TCP and unix sockets use a
// non-blocking connect bounded by --connect-timeout-ms. UDP has no handshake: ok means only
// that connect() and one small datagram were accepted by the local stack, not that anything
// listens. Only the targets given are ever contacted.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "tools/probe/sections/sections.h"
#include "tools/probe/sys.h"

namespace sandcheck::probe {
namespace {

struct Address {
  sockaddr_storage storage = {};
  socklen_t length = 0;
};

Address ToAddress(const ConnectTarget& target) {
  Address address;
  if (target.protocol == ConnectTarget::Protocol::kUnix) {
    auto* unix_address = reinterpret_cast<sockaddr_un*>(&address.storage);
    unix_address->sun_family = AF_UNIX;
    std::memcpy(unix_address->sun_path, target.path.data(), target.path.size());
    if (target.path.starts_with('@')) unix_address->sun_path[0] = '\0';  // abstract namespace
    address.length = offsetof(sockaddr_un, sun_path) + target.path.size() +
                     (target.path.starts_with('@') ? 0 : 1);
    return address;
  }
  auto* v4 = reinterpret_cast<sockaddr_in*>(&address.storage);
  if (::inet_pton(AF_INET, target.host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(target.port);
    address.length = sizeof(sockaddr_in);
    return address;
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&address.storage);
  ::inet_pton(AF_INET6, target.host.c_str(), &v6->sin6_addr);  // validated by the parser
  v6->sin6_family = AF_INET6;
  v6->sin6_port = htons(target.port);
  address.length = sizeof(sockaddr_in6);
  return address;
}

struct Outcome {
  int error = 0;
  bool timed_out = false;
};

// Waits for a non-blocking connect to finish; its result is then in SO_ERROR.
Outcome FinishConnect(int fd, int timeout_ms) {
  pollfd waiting = {fd, POLLOUT, 0};
  int ready;
  do {
    ready = ::poll(&waiting, 1, timeout_ms);
  } while (ready < 0 && errno == EINTR);
  if (ready < 0) return {errno, false};
  if (ready == 0) return {ETIMEDOUT, true};
  int error = 0;
  socklen_t length = sizeof(error);
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) return {errno, false};
  return {error, false};
}

Outcome Connect(const ConnectTarget& target, int timeout_ms) {
  Address address = ToAddress(target);
  bool udp = target.protocol == ConnectTarget::Protocol::kUdp;
  int fd = ::socket(address.storage.ss_family,
                    (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return {errno, false};
  Outcome outcome;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address.storage), address.length) != 0) {
    outcome = errno == EINPROGRESS ? FinishConnect(fd, timeout_ms) : Outcome{errno, false};
  }
  if (udp && outcome.error == 0) {
    static constexpr char kDatagram[] = "sandcheck-probe";
    if (::send(fd, kDatagram, sizeof(kDatagram) - 1, 0) < 0) outcome.error = errno;
  }
  ::close(fd);
  return outcome;
}

const char* ProtocolName(ConnectTarget::Protocol protocol) {
  switch (protocol) {
    case ConnectTarget::Protocol::kUnix:
      return "unix";
    case ConnectTarget::Protocol::kTcp:
      return "tcp";
    case ConnectTarget::Protocol::kUdp:
      return "udp";
  }
  return "unknown";
}

}  // namespace

Json ConnectSection(const ObserveOptions& options) {
  Json results = Json::array();
  for (const ConnectTarget& target : options.connect) {
    auto start = Clock::now();
    Outcome outcome = Connect(target, options.connect_timeout_ms);
    Json result{{"target", target.spec}, {"protocol", ProtocolName(target.protocol)}};
    result.update(AttemptJson(outcome.error));
    result["timed_out"] = outcome.timed_out;
    result["elapsed_ms"] = ElapsedMs(start);
    results.push_back(result);
  }
  return Json{{"results", results}};
}

}  // namespace sandcheck::probe
