// What a sandbox of `network: world` is connected to, for the checks that judge its egress:
// its addresses, its proxy (when the deployment declares one), the world's hosts and what
// they received. Owned by the sandbox's lease; the world and its services outlive it.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "clusters/world/proxy_process.h"
#include "clusters/world/world.h"
#include "clusters/world/world_services.h"

namespace sandcheck {

struct ProxyLink {
  std::string address;      // the proxy as the sandbox reaches it
  std::string hub_address;  // where the world's hosts see the proxy's requests come from
  uint16_t port = kProxyPort;
  uint16_t admin_port = kProxyAdminPort;
  std::shared_ptr<const ProxyProcess> process;
};

struct WorldLink {
  const World* world = nullptr;
  const WorldServices* services = nullptr;
  std::string sandbox_address;  // IPv4
  std::optional<ProxyLink> proxy;
  // The credential the deployment's credential proxy holds (empty without one).
  std::string credential;
};

}  // namespace sandcheck
