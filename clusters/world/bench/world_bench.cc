// How long the world takes to come up and go away (bare, and with its hosts' servers and DNS),
// to attach and detach one sandbox, and what an HTTP and an HTTPS round trip cost inside it,
// directly and through the egress proxy (which intercepts HTTPS). Run as root: world_bench
// --benchmark_repetitions=9
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "clusters/world/join_world.h"
#include "clusters/world/netns_socket.h"
#include "clusters/world/world.h"
#include "clusters/world/world_services.h"
#include "core/temp_dir.h"

namespace sandcheck {
namespace {

namespace http = boost::beast::http;
namespace ssl = boost::asio::ssl;
using boost::asio::ip::tcp;

constexpr Duration kTimeout = std::chrono::seconds(30);

void BM_WorldUpAndDown(benchmark::State& state) {
  auto dir = TempDir::Create("sandcheck-world-bench-");
  if (!dir.ok()) return state.SkipWithError(dir.message().c_str());
  for (auto _ : state) {
    auto world = World::Create(RunId::Generate(), DefaultWorldHosts(), dir->path(), kTimeout);
    if (!world.ok()) return state.SkipWithError(world.message().c_str());
    Status destroyed = (*world)->Destroy();
    if (!destroyed.ok()) return state.SkipWithError(destroyed.message().c_str());
  }
  state.counters["hosts"] = static_cast<double>(DefaultWorldHosts().size());
}
BENCHMARK(BM_WorldUpAndDown)->Unit(benchmark::kMillisecond)->UseRealTime();

// The world as a run gets it: namespaces, web hosts, UDP sinks and dnsmasq ready.
void BM_WorldWithServicesUpAndDown(benchmark::State& state) {
  auto dir = TempDir::Create("sandcheck-world-bench-");
  if (!dir.ok()) return state.SkipWithError(dir.message().c_str());
  for (auto _ : state) {
    auto world = World::Create(RunId::Generate(), DefaultWorldHosts(), dir->path(), kTimeout);
    if (!world.ok()) return state.SkipWithError(world.message().c_str());
    auto services = WorldServices::Start(**world, dir->path() / "services", kTimeout);
    if (!services.ok()) return state.SkipWithError(services.message().c_str());
    services->reset();
    Status destroyed = (*world)->Destroy();
    if (!destroyed.ok()) return state.SkipWithError(destroyed.message().c_str());
  }
}
BENCHMARK(BM_WorldWithServicesUpAndDown)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_AttachAndDetachSandbox(benchmark::State& state) {
  auto dir = TempDir::Create("sandcheck-world-bench-");
  if (!dir.ok()) return state.SkipWithError(dir.message().c_str());
  auto world = World::Create(RunId::Generate(), DefaultWorldHosts(), dir->path(), kTimeout);
  if (!world.ok()) return state.SkipWithError(world.message().c_str());
  int n = 0;
  for (auto _ : state) {
    auto attached = (*world)->AttachSandbox("bench-" + std::to_string(n++));
    if (!attached.ok()) return state.SkipWithError(attached.message().c_str());
  }
}
BENCHMARK(BM_AttachAndDetachSandbox)->Unit(benchmark::kMillisecond)->UseRealTime();

// A new TCP connection from `netns` to `address`:`port`, on `io`.
Result<tcp::socket> Connect(boost::asio::io_context& io, const std::filesystem::path& netns,
                            const std::string& address, uint16_t port) {
  ASSIGN_OR_RETURN(int fd, ConnectTcpInNamespace(netns, address, port, kTimeout));
  tcp::socket socket(io);
  boost::system::error_code ec;
  socket.assign(tcp::v4(), fd, ec);
  if (ec) {
    ::close(fd);
    return Fail("adopt socket: {}", ec.message());
  }
  return socket;
}

// One GET of `target` on `stream`, which must answer 200.
template <typename Stream>
Status Get(Stream& stream, const std::string& target) {
  http::request<http::empty_body> request(http::verb::get, target, 11);
  request.set(http::field::host, "allowed.example.test");
  request.set(http::field::connection, "close");
  boost::system::error_code ec;
  http::write(stream, request, ec);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> response;
  if (!ec) http::read(stream, buffer, response, ec);
  if (ec) return Fail("GET {}: {}", target, ec.message());
  if (response.result_int() != 200) return Fail("GET {}: status {}", target, response.result_int());
  return Status::Ok();
}

// One GET of `url` (absolute form) over a new connection from `netns` to `address`:`port`.
Status RoundTrip(const std::filesystem::path& netns, const std::string& address, uint16_t port,
                 const std::string& url) {
  boost::asio::io_context io;
  ASSIGN_OR_RETURN(tcp::socket socket, Connect(io, netns, address, port));
  return Get(socket, url);
}

// TLS on `socket` to allowed.example.test, verified against `ca_file`, then GET /bench.
Status TlsGet(tcp::socket& socket, const std::filesystem::path& ca_file) {
  ssl::context context(ssl::context::tls_client);
  boost::system::error_code ec;
  context.load_verify_file(ca_file.string(), ec);
  if (ec) return Fail("load {}: {}", ca_file.string(), ec.message());
  context.set_verify_mode(ssl::verify_peer);
  boost::beast::ssl_stream<tcp::socket&> stream(socket, context);
  const std::string name = "allowed.example.test";
  SSL_set_tlsext_host_name(stream.native_handle(), name.c_str());
  stream.set_verify_callback(ssl::host_name_verification(name));
  stream.handshake(ssl::stream_base::client, ec);
  if (ec) return Fail("TLS to {} (CA {}): {}", name, ca_file.string(), ec.message());
  return Get(stream, "/bench");
}

// One HTTPS GET over a new connection: straight to the host, or (`through_proxy`) through a
// CONNECT tunnel of the proxy at `address`:`port`, which intercepts it.
Status TlsRoundTrip(const std::filesystem::path& netns, const std::string& address, uint16_t port,
                    const std::filesystem::path& ca_file, bool through_proxy) {
  boost::asio::io_context io;
  ASSIGN_OR_RETURN(tcp::socket socket, Connect(io, netns, address, port));
  if (through_proxy) {
    http::request<http::empty_body> connect(http::verb::connect, "allowed.example.test:443", 11);
    connect.set(http::field::host, "allowed.example.test:443");
    boost::system::error_code ec;
    http::write(socket, connect, ec);
    boost::beast::flat_buffer buffer;
    http::response_parser<http::empty_body> parser;
    parser.skip(true);  // a CONNECT's answer has no body: the tunnel follows
    if (!ec) http::read_header(socket, buffer, parser, ec);
    if (ec) return Fail("CONNECT: {}", ec.message());
    if (parser.get().result_int() != 200) {
      return Fail("CONNECT: status {}", parser.get().result_int());
    }
  }
  return TlsGet(socket, ca_file);
}

// A world with its servers, a sandbox on the hub and one behind a proxy, made once.
struct RoundTripWorld {
  std::optional<TempDir> dir;
  std::unique_ptr<World> world;
  std::unique_ptr<WorldServices> services;
  std::optional<World::Attachment> direct;
  CleanupStack teardown;
  std::filesystem::path proxied_netns;
  std::string proxy_address;
  std::filesystem::path proxy_ca;
  std::string error;

  RoundTripWorld() {
    Status made = [&]() -> Status {
      ASSIGN_OR_RETURN(dir, TempDir::Create("sandcheck-world-bench-"));
      ASSIGN_OR_RETURN(
          world, World::Create(RunId::Generate(), DefaultWorldHosts(), dir->path(), kTimeout));
      ASSIGN_OR_RETURN(services, WorldServices::Start(*world, dir->path() / "services", kTimeout));
      ASSIGN_OR_RETURN(direct, world->AttachSandbox("bench-direct"));
      Deployment deployment;
      deployment.network = NetworkMode::kWorld;
      deployment.proxies.egress =
          EgressProxy{.allowlist = {"allowed.example.test"}, .flow_log = true};
      ASSIGN_OR_RETURN(WorldJoin join,
                       JoinWorld(*world, *services, "bench-proxied", dir->path() / "proxy",
                                 deployment, teardown, kTimeout));
      proxied_netns = join.netns;
      proxy_address = join.link->proxy()->address;
      proxy_ca = join.link->proxy_process()->ca_certificate();
      return Status::Ok();
    }();
    if (!made.ok()) error = made.message();
  }
};

RoundTripWorld& SharedRoundTripWorld() {
  static RoundTripWorld world;
  return world;
}

void BM_RoundTripDirect(benchmark::State& state) {
  RoundTripWorld& shared = SharedRoundTripWorld();
  if (!shared.error.empty()) return state.SkipWithError(shared.error.c_str());
  for (auto _ : state) {
    Status done = RoundTrip(shared.direct->ns.path(), "198.18.0.10", kWebPort, "/bench");
    if (!done.ok()) return state.SkipWithError(done.message().c_str());
  }
}
BENCHMARK(BM_RoundTripDirect)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_RoundTripThroughProxy(benchmark::State& state) {
  RoundTripWorld& shared = SharedRoundTripWorld();
  if (!shared.error.empty()) return state.SkipWithError(shared.error.c_str());
  for (auto _ : state) {
    Status done = RoundTrip(shared.proxied_netns, shared.proxy_address, kProxyPort,
                            "http://allowed.example.test/bench");
    if (!done.ok()) return state.SkipWithError(done.message().c_str());
  }
}
BENCHMARK(BM_RoundTripThroughProxy)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_HttpsRoundTripDirect(benchmark::State& state) {
  RoundTripWorld& shared = SharedRoundTripWorld();
  if (!shared.error.empty()) return state.SkipWithError(shared.error.c_str());
  for (auto _ : state) {
    Status done = TlsRoundTrip(shared.direct->ns.path(), "198.18.0.10", kTlsWebPort,
                               shared.services->ca_certificate(), /*through_proxy=*/false);
    if (!done.ok()) return state.SkipWithError(done.message().c_str());
  }
}
BENCHMARK(BM_HttpsRoundTripDirect)->Unit(benchmark::kMillisecond)->UseRealTime();

// The proxy intercepts: two TLS handshakes (sandbox to proxy, proxy to host) per request.
void BM_HttpsRoundTripThroughProxy(benchmark::State& state) {
  RoundTripWorld& shared = SharedRoundTripWorld();
  if (!shared.error.empty()) return state.SkipWithError(shared.error.c_str());
  for (auto _ : state) {
    Status done = TlsRoundTrip(shared.proxied_netns, shared.proxy_address, kProxyPort,
                               shared.proxy_ca, /*through_proxy=*/true);
    if (!done.ok()) return state.SkipWithError(done.message().c_str());
  }
}
BENCHMARK(BM_HttpsRoundTripThroughProxy)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace sandcheck

BENCHMARK_MAIN();
