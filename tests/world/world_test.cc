// The world on the real kernel (root, iproute2): it comes up, a sandbox namespace reaches the
// world's hosts and has no way out, and nothing is left after teardown or after a sweep of an
// abandoned run. Every address used here belongs to namespaces the test created.
#include "clusters/world/world.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <thread>

#include "clusters/world/netns_socket.h"
#include "clusters/world/world_ca.h"
#include "clusters/world/world_link.h"
#include "clusters/world/world_services.h"
#include "core/daemon.h"
#include "core/fs_util.h"
#include "core/process.h"
#include "core/temp_dir.h"
#include "servers/canary_sink.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

constexpr Duration kTimeout = std::chrono::seconds(10);

std::vector<std::string> NamespacesOfRun(const RunId& run) {
  auto names = ListNetNamespaces(kTimeout);
  EXPECT_TRUE(names.ok()) << names.message();
  std::vector<std::string> ours;
  for (const auto& name : names.ok() ? *names : std::vector<std::string>{}) {
    if (RunIdOfResource(name) == run) ours.push_back(name);
  }
  return ours;
}

// Runs busybox inside `ns`, as a sandbox's process would.
Result<ProcessOutcome> InNamespace(const NetNamespace& ns, std::vector<std::string> argv,
                                   std::string stdin_data = "") {
  ProcessSpec spec;
  spec.argv = {"ip", "netns", "exec", ns.name(), "busybox"};
  spec.argv.insert(spec.argv.end(), argv.begin(), argv.end());
  spec.stdin_data = std::move(stdin_data);
  spec.timeout = kTimeout;
  return RunProcess(spec);
}

// GET /world-test over TLS from `netns` to `address`:443, verifying the certificate chain
// against `ca_file` and the name `name`; the receipt the host recorded is the caller's to read.
Status HttpsGet(const std::filesystem::path& netns, const std::string& address,
                const std::string& name, const std::filesystem::path& ca_file) {
  namespace ssl = boost::asio::ssl;
  namespace http = boost::beast::http;
  ASSIGN_OR_RETURN(int fd, ConnectTcpInNamespace(netns, address, kTlsWebPort, kTimeout));
  boost::asio::io_context io;
  boost::asio::ip::tcp::socket socket(io);
  boost::system::error_code ec;
  socket.assign(boost::asio::ip::tcp::v4(), fd, ec);
  if (ec) return Fail("adopt socket: {}", ec.message());
  ssl::context context(ssl::context::tls_client);
  context.load_verify_file(ca_file.string(), ec);
  if (ec) return Fail("load {}: {}", ca_file.string(), ec.message());
  context.set_verify_mode(ssl::verify_peer);
  boost::beast::ssl_stream<boost::asio::ip::tcp::socket&> stream(socket, context);
  SSL_set_tlsext_host_name(stream.native_handle(), name.c_str());
  stream.set_verify_callback(ssl::host_name_verification(name));
  stream.handshake(ssl::stream_base::client, ec);
  if (ec) return Fail("TLS handshake with {} as {}: {}", address, name, ec.message());
  http::request<http::empty_body> request(http::verb::get, "/world-test", 11);
  request.set(http::field::host, name);
  http::write(stream, request, ec);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> response;
  if (!ec) http::read(stream, buffer, response, ec);
  if (ec) return Fail("GET https://{}/world-test: {}", name, ec.message());
  if (response.result_int() != 200) return Fail("status {}", response.result_int());
  return Status::Ok();
}

class WorldTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(state_, TempDir::Create("sandcheck-world-"));
    auto lock = RunLock::Acquire(state_->path() / "locks", run_);
    ASSERT_TRUE(lock.ok()) << lock.message();
    lock_.emplace(std::move(lock).value());
  }
  std::filesystem::path Registry() const { return state_->path() / "netns"; }

  RunId run_ = RunId::Generate();
  std::optional<TempDir> state_;
  std::optional<RunLock> lock_;
};

TEST_F(WorldTest, ComesUpWithEveryHostAndLeavesNothing) {
  {
    ASSERT_OK_AND_ASSIGN(auto world,
                         World::Create(run_, DefaultWorldHosts(), Registry(), kTimeout));
    EXPECT_EQ(NamespacesOfRun(run_).size(), DefaultWorldHosts().size() + 1);  // and the hub
    for (const WorldHost& host : DefaultWorldHosts()) EXPECT_NE(world->Host(host.name), nullptr);
  }
  EXPECT_THAT(NamespacesOfRun(run_), IsEmpty());
  EXPECT_TRUE(std::filesystem::is_empty(Registry()));
}

TEST_F(WorldTest, ASandboxReachesTheCanaryAndTheMetadataAddressButHasNoWayOut) {
  ASSERT_OK_AND_ASSIGN(auto world, World::Create(run_, DefaultWorldHosts(), Registry(), kTimeout));
  ASSERT_OK_AND_ASSIGN(World::Attachment sandbox, world->AttachSandbox("sbx"));
  ASSERT_OK_AND_ASSIGN(World::Attachment other, world->AttachSandbox("sbx-2"));
  EXPECT_NE(other.address, sandbox.address);
  ASSERT_OK_AND_ASSIGN(int canary_fd, ListenInNamespace(world->Host("canary")->path(), 9));
  ASSERT_OK_AND_ASSIGN(auto canary, CanarySink::Start(canary_fd));
  ASSERT_OK_AND_ASSIGN(int metadata_fd, ListenInNamespace(world->Host("metadata")->path(), 80));
  ASSERT_OK_AND_ASSIGN(auto metadata, CanarySink::Start(metadata_fd));

  ASSERT_OK_AND_ASSIGN(auto sent, InNamespace(sandbox.ns, {"nc", "198.18.0.12", "9"}, "hello"));
  EXPECT_TRUE(sent.Succeeded()) << sent.DescribeEnd() << sent.err;
  ASSERT_OK_AND_ASSIGN(auto receipts, canary->WaitForReceipts(1, kTimeout));
  EXPECT_EQ(receipts[0].bytes, "hello");
  EXPECT_THAT(receipts[0].peer, StartsWith(sandbox.address + ":"));

  ASSERT_OK_AND_ASSIGN(auto asked, InNamespace(sandbox.ns, {"nc", "169.254.169.254", "80"}, "GET"));
  ASSERT_OK_AND_ASSIGN(auto metadata_receipts, metadata->WaitForReceipts(1, kTimeout));
  EXPECT_EQ(metadata_receipts[0].bytes, "GET");

  // No default route, in the sandbox or at any host: nothing leaves the world.
  const NetNamespace* sandbox_ns = &sandbox.ns;
  for (const NetNamespace* ns : {sandbox_ns, world->Host("proxy"), world->Host("canary")}) {
    ASSERT_OK_AND_ASSIGN(auto routes, InNamespace(*ns, {"ip", "route", "show"}));
    EXPECT_THAT(routes.out, Not(::testing::HasSubstr("default"))) << ns->name();
  }
}

// A server the harness started in a world namespace (a proxy, dnsmasq) would outlive a killed
// run: the sweep kills what runs in the namespaces it deletes.
TEST_F(WorldTest, ASweepKillsWhatStillRunsInAnAbandonedNamespace) {
  RunId abandoned = RunId::Generate();
  std::optional<Daemon> server;
  {
    ASSERT_OK_AND_ASSIGN(
        auto world, World::Create(abandoned, {{"allowed", "198.18.0.10"}}, Registry(), kTimeout));
    ASSERT_OK_AND_ASSIGN(
        Daemon started, Daemon::Start({IpProgram(), "netns", "exec", world->Host("allowed")->name(),
                                       "sleep", "600"},
                                      state_->path() / "server.log"));
    server.emplace(std::move(started));
    world->Release();
  }
  ASSERT_TRUE(server->Running());
  ASSERT_OK(SweepAbandonedWorlds(Registry(), state_->path() / "locks", kTimeout));
  EXPECT_THAT(NamespacesOfRun(abandoned), IsEmpty());
  auto deadline = std::chrono::steady_clock::now() + kTimeout;
  while (server->Running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_FALSE(server->Running());
}

TEST_F(WorldTest, ASweepRemovesAnAbandonedRunsWorldAndSparesALiveOne) {
  RunId abandoned = RunId::Generate();
  {
    ASSERT_OK_AND_ASSIGN(
        auto world, World::Create(abandoned, {{"allowed", "198.18.0.10"}}, Registry(), kTimeout));
    ASSERT_OK_AND_ASSIGN(World::Attachment sandbox, world->AttachSandbox("sbx"));
    // As if the harness were killed: the namespaces stay, nobody holds the run's lock.
    sandbox.ns.Release();
    world->Release();
  }
  ASSERT_OK_AND_ASSIGN(auto live,
                       World::Create(run_, {{"allowed", "198.18.0.10"}}, Registry(), kTimeout));
  ASSERT_EQ(NamespacesOfRun(abandoned).size(), 3u);
  ASSERT_OK(SweepAbandonedWorlds(Registry(), state_->path() / "locks", kTimeout));
  EXPECT_THAT(NamespacesOfRun(abandoned), IsEmpty());
  EXPECT_EQ(NamespacesOfRun(run_).size(), 2u);
}

// Every web host answers HTTPS on 443 with a certificate for its names from the run's own CA
// and records the request as a TLS receipt. A client trusting another CA, or asking for
// another host's name, is refused: the proxies' upstream verification means something.
TEST_F(WorldTest, WebHostsServeHttpsWithCertificatesFromTheWorldsOwnCa) {
  ASSERT_OK_AND_ASSIGN(auto world, World::Create(run_, DefaultWorldHosts(), Registry(), kTimeout));
  ASSERT_OK_AND_ASSIGN(auto services,
                       WorldServices::Start(*world, state_->path() / "services", kTimeout));
  ASSERT_OK_AND_ASSIGN(World::Attachment sandbox, world->AttachSandbox("sbx"));
  const std::string model_api = AddressOfName(world->hosts(), "api.anthropic.com");
  EXPECT_OK(
      HttpsGet(sandbox.ns.path(), model_api, "api.anthropic.com", services->ca_certificate()));
  ASSERT_OK_AND_ASSIGN(auto receipts,
                       services->Web("model-api")->WaitForReceipts(1, std::chrono::seconds(5)));
  EXPECT_TRUE(receipts[0].tls);
  EXPECT_TRUE(receipts[0].parsed);
  EXPECT_EQ(receipts[0].target, "/world-test");

  EXPECT_FALSE(
      HttpsGet(sandbox.ns.path(), model_api, "allowed.example.test", services->ca_certificate())
          .ok())
      << "the model API's certificate must not name the allowed host";
  ASSERT_OK_AND_ASSIGN(WorldCa other, WorldCa::Create("another CA"));
  auto other_file = state_->path() / "other-ca.pem";
  ASSERT_OK(WriteFile(other_file, other.certificate_pem(), 0644));
  EXPECT_FALSE(HttpsGet(sandbox.ns.path(), model_api, "api.anthropic.com", other_file).ok());
}

// The world view a sandbox's checks read: the world's hosts and names, only what the hosts
// received from this sandbox, and a listener the sandbox reaches on an outside host.
TEST_F(WorldTest, ASandboxsWorldViewSeesItsOwnTrafficAndListensWhereItReaches) {
  ASSERT_OK_AND_ASSIGN(auto world, World::Create(run_, DefaultWorldHosts(), Registry(), kTimeout));
  ASSERT_OK_AND_ASSIGN(auto services,
                       WorldServices::Start(*world, state_->path() / "services", kTimeout));
  ASSERT_OK_AND_ASSIGN(World::Attachment sandbox, world->AttachSandbox("sbx"));
  ASSERT_OK_AND_ASSIGN(World::Attachment other, world->AttachSandbox("sbx-2"));
  WorldLink view(*world, *services, sandbox.address, std::nullopt, "");

  ASSERT_OK_AND_ASSIGN(WorldHost allowed, view.Host(kAllowedHost));
  EXPECT_EQ(allowed.address, "198.18.0.10");
  EXPECT_FALSE(view.Host("elsewhere").ok());
  ASSERT_OK_AND_ASSIGN(std::string exfil, view.HostOfName("exfil-1.canary.example.test"));
  EXPECT_EQ(exfil, kCanaryHost);
  EXPECT_FALSE(view.HostOfName("example.test").ok());
  EXPECT_FALSE(view.ProxyFlows().ok()) << "no proxy, no flow log";

  for (const auto* from : {&sandbox, &other}) {
    std::string url = fmt::format("http://{}:{}/{}", allowed.address, view.web_port(),
                                  from == &sandbox ? "mine" : "theirs");
    ASSERT_OK_AND_ASSIGN(auto fetched, InNamespace(from->ns, {"wget", "-q", "-O", "-", url}));
    EXPECT_TRUE(fetched.Succeeded()) << fetched.DescribeEnd() << fetched.err;
  }
  ASSERT_OK_AND_ASSIGN(auto both, services->Web(kAllowedHost)->WaitForReceipts(2, kTimeout));
  EXPECT_EQ(both.size(), 2u);
  std::vector<HostReceipt> received = view.WebReceived();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].world_host, kAllowedHost);
  EXPECT_EQ(received[0].receipt.target, "/mine");
  EXPECT_TRUE(view.FromSandbox(received[0].receipt.peer));
  EXPECT_FALSE(view.FromProxy(received[0].receipt.peer));

  ASSERT_OK_AND_ASSIGN(WorldHost canary, view.Host(kCanaryHost));
  for (const auto* from : {&sandbox, &other}) {
    // busybox's nc has no UDP: bash's /dev/udp sends the datagram.
    ProcessSpec spec;
    spec.argv = {
        "ip",
        "netns",
        "exec",
        from->ns.name(),
        "bash",
        "-c",
        fmt::format("printf datagram > /dev/udp/{}/{}", canary.address, view.datagram_port())};
    spec.timeout = kTimeout;
    ASSERT_OK_AND_ASSIGN(auto sent, RunProcess(spec));
    EXPECT_TRUE(sent.Succeeded()) << sent.DescribeEnd() << sent.err;
  }
  auto deadline = std::chrono::steady_clock::now() + kTimeout;
  while (services->canary_datagrams().Datagrams().size() < 2 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_OK_AND_ASSIGN(auto datagrams, view.DatagramsReceived(kCanaryHost, view.datagram_port()));
  ASSERT_EQ(datagrams.size(), 1u);
  EXPECT_EQ(datagrams[0].bytes, "datagram");
  EXPECT_FALSE(view.DatagramsReceived(kAllowedHost, view.datagram_port()).ok());

  ASSERT_OK_AND_ASSIGN(HarnessListener listener, view.Listen(kModelApiHost));
  EXPECT_NE(listener.port, 0);
  ASSERT_OK_AND_ASSIGN(auto sink, CanarySink::Start(listener.fd));
  ASSERT_OK_AND_ASSIGN(WorldHost model_api, view.Host(kModelApiHost));
  ASSERT_OK_AND_ASSIGN(
      auto asked,
      InNamespace(sandbox.ns, {"nc", model_api.address, std::to_string(listener.port)}, "hello"));
  EXPECT_TRUE(asked.Succeeded()) << asked.DescribeEnd() << asked.err;
  ASSERT_OK_AND_ASSIGN(auto arrived, sink->WaitForReceipts(1, kTimeout));
  EXPECT_EQ(arrived[0].bytes, "hello");
  EXPECT_TRUE(view.FromSandbox(arrived[0].peer));
}

}  // namespace
}  // namespace sandcheck
