// The world view of one sandbox of `network: world` on a substrate whose world runs on this
// machine (oci, docker): the sandbox's address and proxy as JoinWorld attached them, the
// world's hosts, and what their servers (WorldServices) recorded. Owned by the sandbox's
// lease; the world and its services outlive it.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "clusters/world/proxy_process.h"
#include "clusters/world/world.h"
#include "clusters/world/world_services.h"
#include "clusters/world_view.h"

namespace sandcheck {

// The sandbox's proxy: where it is, and the process behind it.
struct ProxyLink {
  ProxyEndpoint endpoint;
  std::shared_ptr<const ProxyProcess> process;
};

class WorldLink final : public WorldView {
 public:
  WorldLink(const World& world, const WorldServices& services, std::string sandbox_address,
            std::optional<ProxyLink> proxy, std::string credential);

  const std::vector<WorldHost>& hosts() const override { return world_.hosts(); }
  Result<std::string> HostOfName(std::string_view name) const override;
  uint16_t web_port() const override { return kWebPort; }
  uint16_t dns_port() const override { return kDnsPort; }
  uint16_t datagram_port() const override { return kDatagramPort; }
  const std::string& sandbox_address() const override { return sandbox_address_; }
  const std::optional<ProxyEndpoint>& proxy() const override { return proxy_; }
  const std::string& credential() const override { return credential_; }
  std::vector<HostReceipt> WebReceived() const override;
  Result<std::vector<Datagram>> DatagramsReceived(std::string_view host,
                                                  uint16_t port) const override;
  std::string ResolverLog() const override { return services_.DnsLog(); }
  Result<std::vector<nlohmann::json>> ProxyFlows() const override;
  Status ReloadAllowlist(const std::vector<std::string>& patterns) const override;
  Result<HarnessListener> Listen(std::string_view host) const override;

  // The proxy's process, or null: for the substrates and the world's own benchmarks.
  const ProxyProcess* proxy_process() const { return proxy_process_.get(); }

 private:
  const World& world_;
  const WorldServices& services_;
  std::string sandbox_address_;
  std::optional<ProxyEndpoint> proxy_;
  std::shared_ptr<const ProxyProcess> proxy_process_;
  std::string credential_;
};

}  // namespace sandcheck
