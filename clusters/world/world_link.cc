#include "clusters/world/world_link.h"

#include <unistd.h>

#include "clusters/world/netns_socket.h"

namespace sandcheck {

WorldLink::WorldLink(const World& world, const WorldServices& services, std::string sandbox_address,
                     std::optional<ProxyLink> proxy, std::string credential)
    : world_(world),
      services_(services),
      sandbox_address_(std::move(sandbox_address)),
      credential_(std::move(credential)) {
  if (proxy) {
    proxy_ = std::move(proxy->endpoint);
    proxy_process_ = std::move(proxy->process);
  }
}

Result<std::string> WorldLink::HostOfName(std::string_view name) const {
  std::string host = WorldHostOfName(name);
  if (host.empty()) return Fail("'{}' is not a world name (docs/world.md lists them)", name);
  return host;
}

std::vector<HostReceipt> WorldLink::WebReceived() const {
  std::vector<HostReceipt> received;
  for (const auto& [name, host] : services_.web_hosts()) {
    for (HttpReceipt& receipt : host->Receipts()) {
      if (FromSandbox(receipt.peer) || FromProxy(receipt.peer)) {
        received.push_back({name, std::move(receipt)});
      }
    }
  }
  return received;
}

Result<std::vector<Datagram>> WorldLink::DatagramsReceived(std::string_view host,
                                                           uint16_t port) const {
  const UdpSink* sink = nullptr;
  if (host == kCanaryHost && port == kDnsPort) sink = &services_.canary_dns();
  if (host == kCanaryHost && port == kDatagramPort) sink = &services_.canary_datagrams();
  if (sink == nullptr) return Fail("nothing records UDP datagrams at {}:{}", host, port);
  std::vector<Datagram> datagrams;
  for (Datagram& datagram : sink->Datagrams()) {
    if (FromSandbox(datagram.peer) || FromProxy(datagram.peer)) {
      datagrams.push_back(std::move(datagram));
    }
  }
  return datagrams;
}

Result<std::vector<nlohmann::json>> WorldLink::ProxyFlows() const {
  if (proxy_process_ == nullptr) return Fail("the sandbox has no egress proxy");
  return proxy_process_->Flows();
}

Status WorldLink::ReloadAllowlist(const std::vector<std::string>& patterns) const {
  if (proxy_process_ == nullptr) return Fail("the sandbox has no egress proxy to reload");
  return proxy_process_->ReloadAllowlist(patterns);
}

Result<HarnessListener> WorldLink::Listen(std::string_view host) const {
  const NetNamespace* ns = world_.Host(host);
  if (ns == nullptr) return Fail("the world has no {} host", host);
  ASSIGN_OR_RETURN(int fd, ListenInNamespace(ns->path(), 0));
  auto port = LocalPort(fd);
  if (!port.ok()) {
    ::close(fd);
    return port.error();
  }
  return HarnessListener{fd, *port};
}

}  // namespace sandcheck
