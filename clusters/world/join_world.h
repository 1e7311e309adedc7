// How a sandbox of `network: world` joins the run's world, for any substrate that runs it in a
// network namespace it is given. Without proxies the sandbox is on the bridge; with
// `proxies.egress` it sits behind its own proxy (World::AttachProxiedSandbox) and gets, in
// the deployment it runs with:
//   HTTP_PROXY, HTTPS_PROXY (and lower-case) = http://<proxy>:3128, NO_PROXY = localhost,
//   the proxy's CA at /etc/ssl/certs/sandcheck-proxy-ca.pem and
//   /usr/local/share/ca-certificates/sandcheck-proxy-ca.crt, NODE_EXTRA_CA_CERTS pointing
//   at it (unless proxies.egress.install_ca is false, a negative control);
// every world sandbox gets the world's /etc/resolv.conf and /etc/hosts (docs/egress.md).
#pragma once

#include <filesystem>
#include <memory>

#include "clusters/world/world_link.h"
#include "core/cleanup_stack.h"
#include "core/deployment.h"

namespace sandcheck {

inline constexpr std::string_view kProxyCaInSandbox = "/etc/ssl/certs/sandcheck-proxy-ca.pem";
// Where update-ca-certificates looks for local CAs.
inline constexpr std::string_view kProxyCaInTrustStoreDir =
    "/usr/local/share/ca-certificates/sandcheck-proxy-ca.crt";

// sandcheck_proxy.py in the source tree's fixtures/proxies.
std::filesystem::path DefaultProxyAddon();

struct WorldJoin {
  std::filesystem::path netns;            // what the runtime joins
  std::shared_ptr<const WorldLink> link;  // the sandbox's world view
};

// Attaches sandbox `id`, starting its proxy under `proxy_dir` when the deployment has one, and
// adds the binds and environment above to `deployment`. Every undo goes onto `teardown`.
Result<WorldJoin> JoinWorld(World& world, const WorldServices& services, const std::string& id,
                            const std::filesystem::path& proxy_dir, Deployment& deployment,
                            CleanupStack& teardown, Duration timeout);

// `ip netns exec` mounts /etc/netns/<ns>/* over /etc: whatever runs in namespace `ns` (a
// proxy, a wrapped command) resolves the world's names. The directory goes with the namespace
// (DeleteNetNamespace).
Status GiveNamespaceTheWorldsNames(const std::string& ns, const WorldServices& services);

}  // namespace sandcheck
