// A resolver beside a sandbox's proxy that forwards to the world's: what a container engine's
// embedded DNS server gives a network that otherwise has no way out. Only the negative control
// egress-dns-forwarder asks for it (proxies.egress.flaws: [dns-forwarder]): with it, the
// sandbox's lookups reach the world's resolver, which in the real world recurses to whoever
// serves the name.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "clusters/world/net_namespace.h"
#include "core/daemon.h"
#include "core/result.h"

namespace sandcheck {

// dnsmasq in `ns`, listening on `listen`:53 (UDP and TCP), forwarding every query to
// `upstream`, its UDP port opened in the proxy's firewall; ready when its TCP port accepts.
Result<std::shared_ptr<Daemon>> StartDnsForwarder(const NetNamespace& ns, const std::string& listen,
                                                  const std::string& upstream,
                                                  const std::filesystem::path& dir,
                                                  Duration timeout);

}  // namespace sandcheck
