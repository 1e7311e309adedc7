// The world view: what a check may ask of the network around its sandbox. The world is the
// hermetic network of harness-owned "outside" hosts (docs/world.md); the view names them with
// the addresses the sandbox reaches them at, says what they received from the sandbox (or from
// its proxy on its behalf), reads the sandbox's egress proxy (its address, flow log, the
// credential it holds), and hands out a listener the harness owns that the sandbox can reach.
// A substrate provides one per sandbox of `network: world` (Sandbox::world()); a check never
// touches the namespaces, servers or files behind it, which on another substrate live
// elsewhere (clusters/world implements it for the substrates whose world is on this machine).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "servers/http_host.h"
#include "servers/udp_sink.h"

namespace sandcheck {

// The outside hosts every world has, by role.
inline constexpr std::string_view kAllowedHost = "allowed";  // on the proxies' allowlists
inline constexpr std::string_view kDeniedHost = "denied";    // on none
inline constexpr std::string_view kCanaryHost = "canary";    // anything it receives leaked
inline constexpr std::string_view kModelApiHost = "model-api";
inline constexpr std::string_view kDnsHost = "dns";  // the world's resolver
inline constexpr std::string_view kMetadataHost = "metadata";

struct WorldHost {
  std::string name;           // a role above, or "proxy"
  std::string address;        // IPv4, as the sandbox reaches it
  std::string address6 = "";  // IPv6, or empty
};

// What one web host received.
struct HostReceipt {
  std::string world_host;
  HttpReceipt receipt;
};

// The sandbox's egress proxy, as the sandbox and the outside hosts see it.
struct ProxyEndpoint {
  std::string address;      // the proxy as the sandbox reaches it
  uint16_t port = 0;        // HTTP_PROXY's
  uint16_t admin_port = 0;  // its control port, which a hardened deployment closes
  std::string hub_address;  // where the outside hosts see the proxy's requests come from
  bool flow_log = false;    // whether the deployment has it keep a flow log
  // Where the sandbox's trust store is meant to hold the proxy's CA (when the deployment
  // installs it).
  std::string ca_in_sandbox;
  // Every file the harness mounted the CA at (none when the deployment does not install it):
  // mounts the deployment did not write but asked for with proxies.egress.install_ca.
  std::vector<std::string> ca_mounts_in_sandbox;
};

// A TCP socket listening on a free port of an outside host, owned by the caller.
struct HarnessListener {
  int fd = -1;
  uint16_t port = 0;  // the port the sandbox connects to
};

class WorldView {
 public:
  virtual ~WorldView() = default;

  // The outside hosts, with the addresses the sandbox reaches them at.
  virtual const std::vector<WorldHost>& hosts() const = 0;
  // The outside host the world's DNS resolves `name` (or a subdomain of it) to, or an error
  // naming it.
  virtual Result<std::string> HostOfName(std::string_view name) const = 0;
  // The ports the outside hosts serve: HTTP on every web host, and the canary's UDP sinks
  // (its DNS port, which records queries, and its discard port).
  virtual uint16_t web_port() const = 0;
  virtual uint16_t dns_port() const = 0;
  virtual uint16_t datagram_port() const = 0;

  // Where the outside hosts see the sandbox's own traffic come from.
  virtual const std::string& sandbox_address() const = 0;
  // The sandbox's egress proxy, when the deployment declares one.
  virtual const std::optional<ProxyEndpoint>& proxy() const = 0;
  // The credential the deployment's credential proxy holds (empty without one).
  virtual const std::string& credential() const = 0;

  // What every web host received from the sandbox or its proxy, by host name, each host's in
  // the order they arrived.
  virtual std::vector<HostReceipt> WebReceived() const = 0;
  // The UDP datagrams `host`:`port` received from the sandbox or its proxy; an error when
  // nothing records datagrams there.
  virtual Result<std::vector<Datagram>> DatagramsReceived(std::string_view host,
                                                          uint16_t port) const = 0;
  // What the world's resolver logged (one line per query it received), for evidence.
  virtual std::string ResolverLog() const = 0;
  // The entries of the proxy's flow log (none when it keeps none); an error without a proxy
  // or when a line does not parse.
  virtual Result<std::vector<nlohmann::json>> ProxyFlows() const = 0;
  // The operator edits the allowlist file and reloads it (claude-sbx's reload-allowlist):
  // `patterns` are the file's new lines. An error without a proxy.
  virtual Status ReloadAllowlist(const std::vector<std::string>& patterns) const = 0;

  // A listener on outside host `host` that the sandbox reaches at that host's address and
  // names: a server the harness runs (the model double as api.anthropic.com) must answer
  // where the sandbox's resolver and its proxy send the name, which the harness's own
  // loopback is not. Every sandbox of the same world reaches it.
  virtual Result<HarnessListener> Listen(std::string_view host) const = 0;

  // The outside host called `name`, or an error naming it.
  Result<WorldHost> Host(std::string_view name) const {
    for (const WorldHost& host : hosts()) {
      if (host.name == name) return host;
    }
    return Fail("the world has no host {}", name);
  }
  // Whether `peer` ("address:port", as a host records it) is the sandbox itself, or its proxy.
  bool FromSandbox(const std::string& peer) const { return AddressOf(peer) == sandbox_address(); }
  bool FromProxy(const std::string& peer) const {
    return proxy() && AddressOf(peer) == proxy()->hub_address;
  }

 private:
  static std::string AddressOf(const std::string& peer) { return peer.substr(0, peer.rfind(':')); }
};

}  // namespace sandcheck
