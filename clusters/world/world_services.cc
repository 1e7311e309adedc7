#include "clusters/world/world_services.h"

#include <fmt/format.h>
#include <unistd.h>

#include <fstream>

#include "clusters/world/netns_socket.h"
#include "clusters/world/world_ca.h"
#include "core/fs_util.h"
#include "core/log.h"

namespace sandcheck {
namespace {

constexpr std::array kWebHosts = {"allowed", "denied", "canary", "model-api", "metadata"};

const WorldHost* FindHost(const std::vector<WorldHost>& hosts, std::string_view name) {
  for (const WorldHost& host : hosts) {
    if (host.name == name) return &host;
  }
  return nullptr;
}

Status StartDnsmasq(const World& world, const std::filesystem::path& dir, Duration timeout,
                    std::optional<Daemon>& out) {
  const NetNamespace* ns = world.Host("dns");
  const WorldHost* dns = FindHost(world.hosts(), "dns");
  if (ns == nullptr || dns == nullptr) return Status::Ok();  // a world without DNS
  // No upstream, no /etc/hosts: it knows the world's names and nothing else.
  std::vector<std::string> argv = {IpProgram(),
                                   "netns",
                                   "exec",
                                   ns->name(),
                                   "dnsmasq",
                                   "--keep-in-foreground",
                                   "--conf-file=/dev/null",
                                   "--no-resolv",
                                   "--no-hosts",
                                   "--user=root",
                                   "--bind-interfaces",
                                   "--listen-address=" + dns->address,
                                   "--log-queries",
                                   "--log-facility=" + (dir / "dns.log").string(),
                                   "--pid-file="};
  for (const WorldName& name : WorldNames()) {
    std::string address = AddressOfName(world.hosts(), name.name);
    if (!address.empty()) argv.push_back(fmt::format("--address=/{}/{}", name.name, address));
  }
  ASSIGN_OR_RETURN(Daemon daemon, Daemon::Start(argv, dir / "dnsmasq.out"));
  std::filesystem::path netns = ns->path();
  RETURN_IF_ERROR(WaitUntilReady(
      daemon, [&] { return TcpAcceptsInNamespace(netns, dns->address, kDnsPort, Duration(100)); },
      timeout, "dnsmasq in " + ns->name()));
  out.emplace(std::move(daemon));
  return Status::Ok();
}

// A TLS context serving the certificate the world's CA issues for `host`'s names and address.
Result<std::shared_ptr<boost::asio::ssl::context>> TlsContextFor(const WorldCa& ca,
                                                                 const WorldHost& host) {
  std::vector<std::string> names;
  for (const WorldName& name : WorldNames()) {
    if (name.host == host.name) names.push_back(name.name);
  }
  ASSIGN_OR_RETURN(IssuedCertificate issued, ca.Issue(names, {host.address}));
  auto context = std::make_shared<boost::asio::ssl::context>(boost::asio::ssl::context::tls_server);
  boost::system::error_code ec;
  context->use_certificate_chain(boost::asio::buffer(issued.certificate_pem), ec);
  if (!ec) {
    context->use_private_key(boost::asio::buffer(issued.key_pem), boost::asio::ssl::context::pem,
                             ec);
  }
  if (ec) return Fail("TLS context of world host {}: {}", host.name, ec.message());
  return context;
}

Status WriteSandboxFiles(const World& world, const std::filesystem::path& dir) {
  const WorldHost* dns = FindHost(world.hosts(), "dns");
  RETURN_IF_ERROR(
      WriteFile(dir / "resolv.conf",
                dns ? fmt::format("nameserver {}\noptions timeout:1 attempts:1\n", dns->address)
                    : std::string(),
                0644));
  std::string hosts = "127.0.0.1 localhost\n";
  for (const WorldName& name : WorldNames()) {
    std::string address = AddressOfName(world.hosts(), name.name);
    if (!address.empty()) hosts += fmt::format("{} {}\n", address, name.name);
  }
  return WriteFile(dir / "hosts", hosts, 0644);
}

}  // namespace

const std::vector<WorldName>& WorldNames() {
  static const std::vector<WorldName> names = {
      {"allowed.example.test", "allowed"},
      {"denied.example.test", "denied"},
      {"canary.example.test", "canary"},
      {"api.anthropic.com", "model-api"},
      {"git.example.test", "model-api"},
      {"metadata.google.internal", "metadata"},
      // A look-alike of the allowed name (EGR-012): a matcher that admits it reaches the canary.
      {"notallowed.example.test", "canary"},
  };
  return names;
}

std::string AddressOfName(const std::vector<WorldHost>& hosts, std::string_view name) {
  for (const WorldName& entry : WorldNames()) {
    if (entry.name != name) continue;
    const WorldHost* host = FindHost(hosts, entry.host);
    return host ? host->address : "";
  }
  return "";
}

std::string WorldHostOfName(std::string_view name) {
  for (const WorldName& known : WorldNames()) {
    if (name == known.name ||
        (name.ends_with(known.name) && name[name.size() - known.name.size() - 1] == '.')) {
      return known.host;
    }
  }
  return "";
}

Result<std::unique_ptr<WorldServices>> WorldServices::Start(const World& world,
                                                            std::filesystem::path dir,
                                                            Duration timeout) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Fail("create {}: {}", dir.string(), ec.message());
  std::unique_ptr<WorldServices> services(new WorldServices(dir));
  ASSIGN_OR_RETURN(WorldCa ca, WorldCa::Create("sandcheck world CA of run " + world.run().str()));
  RETURN_IF_ERROR(WriteFile(services->ca_certificate(), ca.certificate_pem(), 0644));
  for (std::string_view name : kWebHosts) {
    const NetNamespace* ns = world.Host(name);
    const WorldHost* host = FindHost(world.hosts(), name);
    if (ns == nullptr || host == nullptr) continue;
    ASSIGN_OR_RETURN(auto tls, TlsContextFor(ca, *host));
    // Both families: the denied host also has an IPv6 address, which must have a listener to
    // tell a refused connection from a reachable one.
    ASSIGN_OR_RETURN(int fd, ListenInNamespace(ns->path(), kWebPort, /*dual_stack=*/true));
    auto tls_fd = ListenInNamespace(ns->path(), kTlsWebPort, /*dual_stack=*/true);
    if (!tls_fd.ok()) {
      ::close(fd);
      return tls_fd.error();
    }
    ASSIGN_OR_RETURN(services->web_[std::string(name)],
                     HttpHost::Start({{fd, nullptr}, {*tls_fd, tls}}, std::string(name)));
  }
  if (const NetNamespace* canary = world.Host("canary")) {
    ASSIGN_OR_RETURN(int dns_fd, BindUdpInNamespace(canary->path(), kDnsPort));
    ASSIGN_OR_RETURN(services->canary_dns_, UdpSink::Start(dns_fd));
    ASSIGN_OR_RETURN(int datagram_fd, BindUdpInNamespace(canary->path(), kDatagramPort));
    ASSIGN_OR_RETURN(services->canary_datagrams_, UdpSink::Start(datagram_fd));
  }
  RETURN_IF_ERROR(WriteSandboxFiles(world, dir));
  RETURN_IF_ERROR(StartDnsmasq(world, dir, timeout, services->dnsmasq_));
  return services;
}

WorldServices::~WorldServices() {
  dnsmasq_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
  if (ec) SC_WARN("world services: remove {}: {}", dir_.string(), ec.message());
}

const HttpHost* WorldServices::Web(std::string_view name) const {
  auto it = web_.find(std::string(name));
  return it == web_.end() ? nullptr : it->second.get();
}

std::string WorldServices::DnsLog() const {
  std::ifstream in(dir_ / "dns.log");
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace sandcheck
