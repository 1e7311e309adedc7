#include "clusters/world/join_world.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <random>

#include "clusters/world/dns_forwarder.h"
#include "core/fs_util.h"

namespace sandcheck {
namespace {

// The credential proxy's key: the host variable's value, or a fresh canary when it is unset,
// so a run always has a secret to trace.
std::string CredentialKey(const CredentialProxy& credentials) {
  if (const char* value = std::getenv(credentials.key_from_env.c_str()); value && *value) {
    return value;
  }
  std::random_device random;
  return fmt::format("sk-ant-sandcheck-canary-{:08x}{:08x}{:08x}", random(), random(), random());
}

void AddProxyEnvironment(const std::string& url, bool install_ca, Deployment& deployment) {
  for (const char* name : {"HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"}) {
    deployment.env[name] = url;
  }
  deployment.env["NO_PROXY"] = deployment.env["no_proxy"] = "localhost,127.0.0.1";
  if (install_ca) deployment.env["NODE_EXTRA_CA_CERTS"] = std::string(kProxyCaInSandbox);
}

}  // namespace

Status GiveNamespaceTheWorldsNames(const std::string& ns, const WorldServices& services) {
  std::filesystem::path dir = std::filesystem::path("/etc/netns") / ns;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Fail("create {}: {}", dir.string(), ec.message());
  for (const auto& file : {services.resolv_conf(), services.hosts_file()}) {
    std::filesystem::copy_file(file, dir / file.filename(),
                               std::filesystem::copy_options::overwrite_existing, ec);
    if (ec) return Fail("copy {} to {}: {}", file.string(), dir.string(), ec.message());
    // Readable by whoever runs in the namespace (a wrapped command runs as the host user).
    ::chmod((dir / file.filename()).c_str(), 0644);
  }
  return Status::Ok();
}

std::filesystem::path DefaultProxyAddon() { return SANDCHECK_PROXY_ADDON; }

Result<WorldJoin> JoinWorld(World& world, const WorldServices& services, const std::string& id,
                            const std::filesystem::path& proxy_dir, Deployment& deployment,
                            CleanupStack& teardown, Duration timeout) {
  deployment.binds.push_back({services.resolv_conf(), "/etc/resolv.conf", true});
  deployment.binds.push_back({services.hosts_file(), "/etc/hosts", true});
  const Proxies& proxies = deployment.proxies;
  if (!proxies.egress) {
    ASSIGN_OR_RETURN(World::Attachment attachment, world.AttachSandbox(id));
    auto ns = std::make_shared<NetNamespace>(std::move(attachment.ns));
    teardown.Push("delete network namespace " + ns->name(), [ns] { return ns->Delete(); });
    return WorldJoin{ns->path(), std::make_shared<const WorldLink>(
                                     world, services, attachment.address, std::nullopt, "")};
  }
  ASSIGN_OR_RETURN(World::ProxiedAttachment attachment,
                   world.AttachProxiedSandbox(id, kProxyPort, !proxies.egress->expose_admin_port));
  auto namespaces = std::make_shared<World::ProxiedAttachment>(std::move(attachment));
  teardown.Push("delete network namespaces of " + id, [namespaces] {
    Status sandbox = namespaces->sandbox_ns.Delete();
    Status proxy = namespaces->proxy_ns.Delete();
    return sandbox.ok() ? proxy : sandbox;
  });
  RETURN_IF_ERROR(GiveNamespaceTheWorldsNames(namespaces->proxy_ns.name(), services));
  ProxySettings settings{*proxies.egress, {}, "", services.ca_certificate()};
  std::string credential;
  if (proxies.credentials) {
    credential = CredentialKey(*proxies.credentials);
    if (proxies.credentials->sandbox_env.empty()) {
      settings.inject = proxies.credentials->inject;
      settings.key = credential;
    } else {
      deployment.env[proxies.credentials->sandbox_env] = credential;
    }
  }
  teardown.Push("remove " + proxy_dir.string(), [proxy_dir] {
    std::error_code ec;
    std::filesystem::remove_all(proxy_dir, ec);
    if (ec) return Status(Fail("remove {}: {}", proxy_dir.string(), ec.message()));
    return Status::Ok();
  });
  ASSIGN_OR_RETURN(std::shared_ptr<ProxyProcess> proxy,
                   ProxyProcess::Start(namespaces->proxy_ns, namespaces->proxy_hub_address,
                                       proxy_dir, DefaultProxyAddon(), settings, timeout));
  // Stopped before its namespace goes (teardown runs newest first).
  teardown.Push("stop the proxy of " + id, [proxy] { return proxy->Stop(); });
  const auto& flaws = proxies.egress->flaws;
  if (std::find(flaws.begin(), flaws.end(), "dns-forwarder") != flaws.end()) {
    auto dns = std::find_if(world.hosts().begin(), world.hosts().end(),
                            [](const WorldHost& host) { return host.name == kDnsHost; });
    if (dns == world.hosts().end()) return Fail("the world has no resolver to forward to");
    ASSIGN_OR_RETURN(std::shared_ptr<Daemon> forwarder,
                     StartDnsForwarder(namespaces->proxy_ns, namespaces->proxy_address,
                                       dns->address, proxy_dir, timeout));
    teardown.Push("stop the DNS forwarder of " + id, [forwarder] { return forwarder->Stop(); });
  }
  AddProxyEnvironment(fmt::format("http://{}:{}", namespaces->proxy_address, kProxyPort),
                      proxies.egress->install_ca, deployment);
  std::vector<std::string> ca_mounts;
  if (proxies.egress->install_ca) {
    ca_mounts = {std::string(kProxyCaInSandbox), std::string(kProxyCaInTrustStoreDir)};
    for (const std::string& target : ca_mounts) {
      deployment.binds.push_back({proxy->ca_certificate(), target, true});
    }
  }
  ProxyEndpoint endpoint{.address = namespaces->proxy_address,
                         .port = kProxyPort,
                         .admin_port = kProxyAdminPort,
                         .hub_address = namespaces->proxy_hub_address,
                         .flow_log = !proxy->flow_log().empty(),
                         .ca_in_sandbox = std::string(kProxyCaInSandbox),
                         .ca_mounts_in_sandbox = std::move(ca_mounts)};
  return WorldJoin{namespaces->sandbox_ns.path(),
                   std::make_shared<const WorldLink>(world, services, namespaces->sandbox_address,
                                                     ProxyLink{std::move(endpoint), proxy},
                                                     std::move(credential))};
}

}  // namespace sandcheck
