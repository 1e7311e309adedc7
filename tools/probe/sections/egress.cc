// egress: what leaves the sandbox, by trying. ICMP echo to a host (raw socket, then the
// unprivileged ping socket), HTTP GETs sent to a proxy or a host (https:// ones through a
// CONNECT tunnel, with the proxy's certificate verified), and DNS queries sent to a server. Every
// wait is bounded by --connect-timeout-ms. The harness judges the outcome together with what the
// world's hosts received (docs/egress.md); the probe only reports.
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <resolv.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "tools/probe/sections/sections.h"
#include "tools/probe/sys.h"
#include "tools/probe/tls_client.h"

namespace sandcheck::probe {
namespace {

constexpr size_t kMaxResponse = 4096;

// Closes the descriptor on every path.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Waits until `fd` has `events` or the timeout passes: 0, ETIMEDOUT, or poll's errno.
int WaitFor(int fd, short events, int timeout_ms) {
  pollfd waiting = {fd, events, 0};
  int ready;
  do {
    ready = ::poll(&waiting, 1, timeout_ms);
  } while (ready < 0 && errno == EINTR);
  if (ready < 0) return errno;
  return ready == 0 ? ETIMEDOUT : 0;
}

uint16_t Checksum(const unsigned char* data, size_t size) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < size; i += 2) sum += static_cast<uint32_t>(data[i] << 8 | data[i + 1]);
  if (size % 2) sum += static_cast<uint32_t>(data[size - 1] << 8);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return htons(static_cast<uint16_t>(~sum));
}

// One echo request on a socket of `type` (SOCK_RAW or SOCK_DGRAM); {socket, sent, reply}.
Json Echo(const std::string& host, int type, int timeout_ms) {
  Json result{{"socket", type == SOCK_RAW ? "raw" : "ping"}};
  sockaddr_in target{};
  target.sin_family = AF_INET;
  ::inet_pton(AF_INET, host.c_str(), &target.sin_addr);  // validated by the parser
  Fd socket_fd{::socket(AF_INET, type | SOCK_CLOEXEC, IPPROTO_ICMP)};
  result["open"] = AttemptJson(socket_fd.fd < 0 ? errno : 0);
  result["reply"] = false;
  if (socket_fd.fd < 0) return result;
  unsigned char packet[sizeof(icmphdr) + 16] = {};
  auto* header = reinterpret_cast<icmphdr*>(packet);
  header->type = ICMP_ECHO;
  header->un.echo.id = htons(static_cast<uint16_t>(::getpid()));
  header->un.echo.sequence = htons(1);
  std::memcpy(packet + sizeof(icmphdr), "sandcheck-probe", 15);
  header->checksum = Checksum(packet, sizeof packet);
  bool sent = ::sendto(socket_fd.fd, packet, sizeof packet, 0, reinterpret_cast<sockaddr*>(&target),
                       sizeof target) >= 0;
  result["send"] = AttemptJson(sent ? 0 : errno);
  if (!sent) return result;
  auto deadline = Clock::now() + Millis(timeout_ms);
  while (Clock::now() < deadline) {
    int left =
        static_cast<int>(std::chrono::duration_cast<Millis>(deadline - Clock::now()).count());
    if (WaitFor(socket_fd.fd, POLLIN, std::max(left, 1)) != 0) break;
    unsigned char reply[1500];
    ssize_t n = ::recv(socket_fd.fd, reply, sizeof reply, 0);
    if (n <= 0) break;
    // A raw socket hands over the IP header too; a ping socket only the ICMP message.
    size_t offset = type == SOCK_RAW ? static_cast<size_t>((reply[0] & 0x0f) * 4) : 0;
    if (static_cast<size_t>(n) >= offset + sizeof(icmphdr) && reply[offset] == ICMP_ECHOREPLY) {
      result["reply"] = true;
      break;
    }
  }
  return result;
}

Json Icmp(const std::string& host, int timeout_ms) {
  Json raw = Echo(host, SOCK_RAW, timeout_ms);
  Json ping = Echo(host, SOCK_DGRAM, timeout_ms);
  bool reply = raw["reply"].get<bool>() || ping["reply"].get<bool>();
  return Json{{"target", host}, {"reply", reply}, {"raw", raw}, {"ping", ping}};
}

sockaddr_storage NumericAddress(const std::string& host, uint16_t port, socklen_t* length) {
  sockaddr_storage storage{};
  auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
  if (::inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    *length = sizeof(sockaddr_in);
    return storage;
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
  ::inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr);
  v6->sin6_family = AF_INET6;
  v6->sin6_port = htons(port);
  *length = sizeof(sockaddr_in6);
  return storage;
}

// Connects with a deadline; returns the connected descriptor or -errno.
int ConnectTcp(const ConnectTarget& target, int timeout_ms) {
  socklen_t length = 0;
  sockaddr_storage address = NumericAddress(target.host, target.port, &length);
  int fd = ::socket(address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -errno;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), length) != 0) {
    int error = errno == EINPROGRESS ? WaitFor(fd, POLLOUT, timeout_ms) : errno;
    socklen_t size = sizeof error;
    if (error == 0) ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size);
    if (error != 0) {
      ::close(fd);
      return -error;
    }
  }
  return fd;
}

// Reads what the peer sends until it closes, 4 KiB, the deadline, or (with `head_only`) the
// blank line that ends a response head: a tunnel stays open after it. {read attempt, bytes}.
std::pair<Json, std::string> ReadRaw(int fd, Clock::time_point deadline, bool head_only) {
  std::string response;
  int error = 0;
  while (response.size() < kMaxResponse) {
    if (head_only && response.find("\r\n\r\n") != std::string::npos) break;
    int left =
        static_cast<int>(std::chrono::duration_cast<Millis>(deadline - Clock::now()).count());
    if (left <= 0 || (error = WaitFor(fd, POLLIN, left)) != 0) {
      if (left <= 0) error = ETIMEDOUT;
      break;
    }
    char buffer[1024];
    // A head is read a byte at a time so nothing of the tunnel's TLS is consumed with it.
    size_t want = head_only ? 1 : std::min(sizeof buffer, kMaxResponse - response.size());
    ssize_t n = ::recv(fd, buffer, want, 0);
    if (n < 0) error = errno;
    if (n <= 0) break;
    response.append(buffer, static_cast<size_t>(n));
  }
  return {AttemptJson(error), response};
}

bool SendAll(int fd, const std::string& data) {
  return ::send(fd, data.data(), data.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(data.size());
}

// Opens a tunnel to `authority`: true when the proxy answered 200. The head goes into
// result["tunnel"].
bool OpenTunnel(int fd, const std::string& authority, Clock::time_point deadline, Json& result) {
  result["tunnel"] = nullptr;
  std::string connect = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority +
                        "\r\nUser-Agent: sandcheck-probe\r\n\r\n";
  if (!SendAll(fd, connect)) {
    result["send"] = AttemptJson(errno);
    return false;
  }
  auto [read, head] = ReadRaw(fd, deadline, /*head_only=*/true);
  result["read"] = read;
  result["tunnel"] = head;
  return head.starts_with("HTTP/1.") && head.size() > 12 && head.compare(8, 5, " 200 ") == 0;
}

// https://: CONNECT to the URL's authority, then TLS verified against `ca_file`, then the GET.
// The harness parses both responses; the probe only looks whether the tunnel opened (200).
void TunnelledGet(int fd, const HttpGet& get, const std::string& ca_file,
                  Clock::time_point deadline, Json& result) {
  if (!OpenTunnel(fd, get.authority, deadline, result)) return;
  std::string request = "GET " + get.path + " HTTP/1.1\r\nHost: " + get.host +
                        "\r\nUser-Agent: sandcheck-probe\r\nConnection: close\r\n\r\n";
  result["tls"] =
      TlsExchange(fd, get.host.substr(0, get.host.find(':')), ca_file, request, deadline);
  result["response"] = std::move(result["tls"]["response"]);
  result["tls"].erase("response");
}

// Sends `request` whole and reads the answer to the end (or the deadline) into `result`.
void SendAndRead(int fd, const std::string& request, Clock::time_point deadline, Json& result) {
  if (!SendAll(fd, request)) {
    result["send"] = AttemptJson(errno);
    return;
  }
  auto [read, response] = ReadRaw(fd, deadline, /*head_only=*/false);
  result["read"] = read;
  result["response"] = response;
}

// The request is written here; the response is returned raw for the harness to parse.
Json HttpGetOnce(const HttpGet& get, const std::string& ca_file, int timeout_ms) {
  Json result{{"target", get.spec}, {"url", get.url}};
  int fd = ConnectTcp(get.via, timeout_ms);
  result["connect"] = AttemptJson(fd < 0 ? -fd : 0);
  result["response"] = nullptr;
  if (fd < 0) return result;
  Fd owned{fd};
  auto deadline = Clock::now() + Millis(timeout_ms);
  if (get.tls) {
    TunnelledGet(fd, get, ca_file, deadline, result);
    return result;
  }
  SendAndRead(fd,
              "GET " + get.url + " HTTP/1.1\r\nHost: " + get.host +
                  "\r\nUser-Agent: sandcheck-probe\r\nConnection: close\r\n\r\n",
              deadline, result);
  return result;
}

// --http-send: the request's bytes as given, straight, through a tunnel, or over TLS in one.
Json RawHttpOnce(const RawHttp& send, const std::string& ca_file, int timeout_ms) {
  Json result{{"id", send.id}, {"target", send.via.spec}};
  int fd = ConnectTcp(send.via, timeout_ms);
  result["connect"] = AttemptJson(fd < 0 ? -fd : 0);
  result["response"] = nullptr;
  if (fd < 0) return result;
  Fd owned{fd};
  auto deadline = Clock::now() + Millis(timeout_ms);
  if (!send.connect.empty() && !OpenTunnel(fd, send.connect, deadline, result)) return result;
  if (!send.sni.empty()) {
    result["tls"] = TlsExchange(fd, send.sni, ca_file, send.request, deadline);
    result["response"] = std::move(result["tls"]["response"]);
    result["tls"].erase("response");
    return result;
  }
  SendAndRead(fd, send.request, deadline, result);
  return result;
}

Json DnsQueryOnce(const DnsQuery& query, int timeout_ms) {
  Json result{{"name", query.name}, {"server", query.server}, {"type", query.type}};
  unsigned char packet[512];
  int size = ::res_mkquery(ns_o_query, query.name.c_str(), ns_c_in, query.type, nullptr, 0, nullptr,
                           packet, sizeof packet);
  if (size < 0) {
    result["send"] = AttemptJson(EINVAL);
    return result;
  }
  socklen_t length = 0;
  sockaddr_storage server = NumericAddress(query.server, 53, &length);
  Fd socket_fd{::socket(server.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0)};
  int error = socket_fd.fd < 0 ? errno : 0;
  if (error == 0 && ::sendto(socket_fd.fd, packet, static_cast<size_t>(size), 0,
                             reinterpret_cast<sockaddr*>(&server), length) < 0) {
    error = errno;
  }
  result["send"] = AttemptJson(error);
  result["answered"] = false;
  if (error != 0) return result;
  if (WaitFor(socket_fd.fd, POLLIN, timeout_ms) != 0) return result;
  unsigned char answer[1500];
  ssize_t n = ::recv(socket_fd.fd, answer, sizeof answer, 0);
  ns_msg message;
  if (n <= 0 || ::ns_initparse(answer, static_cast<int>(n), &message) != 0) return result;
  result["answered"] = true;
  result["rcode"] = static_cast<int>(ns_msg_getflag(message, ns_f_rcode));
  result["answers"] = ns_msg_count(message, ns_s_an);
  return result;
}

}  // namespace

bool EgressRequested(const ObserveOptions& options) {
  return !options.icmp_hosts.empty() || !options.http_gets.empty() || !options.raw_https.empty() ||
         !options.dns_queries.empty();
}

Json EgressSection(const ObserveOptions& options) {
  Json icmp = Json::array();
  for (const auto& host : options.icmp_hosts)
    icmp.push_back(Icmp(host, options.connect_timeout_ms));
  Json http = Json::array();
  for (const auto& get : options.http_gets)
    http.push_back(HttpGetOnce(get, options.ca_file, options.connect_timeout_ms));
  Json sends = Json::array();
  for (const auto& send : options.raw_https) {
    sends.push_back(RawHttpOnce(send, options.ca_file, options.connect_timeout_ms));
  }
  Json dns = Json::array();
  for (const auto& query : options.dns_queries) {
    dns.push_back(DnsQueryOnce(query, options.connect_timeout_ms));
  }
  return Json{{"icmp", icmp}, {"http", http}, {"sends", sends}, {"dns", dns}};
}

}  // namespace sandcheck::probe
