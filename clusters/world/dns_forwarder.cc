#include "clusters/world/dns_forwarder.h"

#include "clusters/world/netns_socket.h"
#include "clusters/world/world_services.h"
#include "core/process.h"

namespace sandcheck {

Result<std::shared_ptr<Daemon>> StartDnsForwarder(const NetNamespace& ns, const std::string& listen,
                                                  const std::string& upstream,
                                                  const std::filesystem::path& dir,
                                                  Duration timeout) {
  std::vector<std::string> argv = {IpProgram(),
                                   "netns",
                                   "exec",
                                   ns.name(),
                                   "dnsmasq",
                                   "--keep-in-foreground",
                                   "--conf-file=/dev/null",
                                   "--no-resolv",
                                   "--no-hosts",
                                   "--user=root",
                                   "--bind-interfaces",
                                   "--listen-address=" + listen,
                                   "--server=" + upstream,
                                   "--pid-file="};
  // The proxy's firewall (World::AttachProxiedSandbox) drops the segment's traffic but the
  // proxy port's; the forwarder is reachable, as an engine's embedded DNS is.
  ProcessSpec open;
  open.argv = {IpProgram(), "netns", "exec",    ns.name(), "nft", "insert", "rule", "inet",
               "sandcheck", "input", "iifname", "seg0",    "udp", "dport",  "53",   "accept"};
  open.timeout = timeout;
  if (auto opened = RunChecked(open); !opened.ok()) {
    // No table: the deployment left the proxy's side open (expose_admin_port) anyway.
    if (opened.error().message.find("No such file") == std::string::npos) return opened.error();
  }
  ASSIGN_OR_RETURN(Daemon daemon, Daemon::Start(argv, dir / "dns-forwarder.out"));
  std::filesystem::path netns = ns.path();
  RETURN_IF_ERROR(WaitUntilReady(
      daemon, [&] { return TcpAcceptsInNamespace(netns, listen, kDnsPort, Duration(100)); },
      timeout, "the DNS forwarder in " + ns.name()));
  return std::make_shared<Daemon>(std::move(daemon));
}

}  // namespace sandcheck
