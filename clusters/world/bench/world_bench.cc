// How long the world takes to come up and go away (bare, and with its hosts' servers and DNS),
// to attach and detach one sandbox, and what an HTTP round trip costs inside it, directly and
// through the egress proxy. Run as root: world_bench --benchmark_repetitions=9
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "clusters/world/join_world.h"
#include "clusters/world/netns_socket.h"
#include "clusters/world/world.h"
#include "clusters/world/world_services.h"
#include "core/temp_dir.h"

namespace sandcheck {
namespace {

namespace http = boost::beast::http;

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

// One GET of `url` (absolute form) over a new connection from `netns` to `address`:`port`.
Status RoundTrip(const std::filesystem::path& netns, const std::string& address, uint16_t port,
                 const std::string& url) {
  ASSIGN_OR_RETURN(int fd, ConnectTcpInNamespace(netns, address, port, kTimeout));
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  boost::system::error_code ec;
  socket.assign(boost::asio::ip::tcp::v4(), fd, ec);
  if (ec) {
    ::close(fd);
    return Fail("adopt socket: {}", ec.message());
  }
  http::request<http::empty_body> request(http::verb::get, url, 11);
  request.set(http::field::host, "allowed.example.test");
  request.set(http::field::connection, "close");
  http::write(socket, request, ec);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> response;
  if (!ec) http::read(socket, buffer, response, ec);
  if (ec) return Fail("GET {}: {}", url, ec.message());
  if (response.result_int() != 200) return Fail("GET {}: status {}", url, response.result_int());
  return Status::Ok();
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
      deployment.proxies.egress = EgressProxy{{"allowed.example.test"}, true, false};
      ASSIGN_OR_RETURN(WorldJoin join,
                       JoinWorld(*world, *services, "bench-proxied", dir->path() / "proxy",
                                 deployment, teardown, kTimeout));
      proxied_netns = join.netns;
      proxy_address = join.link->proxy->address;
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

}  // namespace
}  // namespace sandcheck

BENCHMARK_MAIN();
