// The world: a hermetic network built from network namespaces sandcheck creates itself. A hub
// namespace holds a bridge; every harness-owned "outside" host (allowed, denied, canary sink,
// fake model API, DNS, metadata) and every sandbox gets a namespace of its own, wired to the
// bridge by a veth pair. Nothing in it has a default route or an uplink: every address it
// can reach belongs to a namespace this run created. Addresses come from 198.18.0.0/15, the
// range RFC 2544 sets aside for benchmarks, which no real network routes.
#pragma once

#include <atomic>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "clusters/world/net_namespace.h"
#include "clusters/world_view.h"
#include "core/run_id.h"

namespace sandcheck {

inline constexpr std::string_view kWorldPrefix = "198.18.0.0/15";
inline constexpr std::string_view kMetadataAddress = "169.254.169.254";
// A unique-local IPv6 prefix of the world's own, on the same bridge: IPv6 egress has a target.
inline constexpr std::string_view kWorldPrefix6 = "fd5c::/64";

// The hosts every world has (docs/world.md); host `name`'s namespace is
// sc-<run>-world-<name>, its IPv6 address in kWorldPrefix6.
std::vector<WorldHost> DefaultWorldHosts();

class World {
 public:
  // `registry`: where the namespaces are recorded for the sweep (<state>/netns).
  static Result<std::unique_ptr<World>> Create(const RunId& run, std::vector<WorldHost> hosts,
                                               const std::filesystem::path& registry,
                                               Duration timeout);
  ~World();  // deletes the hub and the hosts' namespaces

  // A new namespace for a sandbox, on the bridge with the next free address, and routes to the
  // world and the metadata address only. The caller owns it: deleting it detaches the sandbox.
  struct Attachment {
    NetNamespace ns;
    std::string address;
  };
  Result<Attachment> AttachSandbox(std::string_view purpose);

  // A sandbox behind a proxy, as Docker's internal network with a sidecar: the sandbox's
  // namespace has one link only, a point-to-point segment to the proxy's namespace; the proxy
  // is also on the bridge. The proxy does not forward, so the sandbox reaches the proxy and
  // nothing else. `admin_closed`: a firewall in the proxy's namespace accepts only the proxy
  // port from the segment.
  struct ProxiedAttachment {
    NetNamespace proxy_ns;  // declared first: destroyed after the sandbox's
    NetNamespace sandbox_ns;
    std::string proxy_hub_address;  // where the world's hosts see the proxy's requests from
    std::string proxy_address;      // the proxy as the sandbox reaches it
    std::string sandbox_address;
  };
  Result<ProxiedAttachment> AttachProxiedSandbox(std::string_view purpose, uint16_t proxy_port,
                                                 bool admin_closed);

  const NetNamespace* Host(std::string_view name) const;
  const std::vector<WorldHost>& hosts() const { return hosts_; }
  const RunId& run() const { return run_; }
  Status Destroy();
  // Keeps every namespace for debugging (a sweep removes them once the run is over).
  void Release();

 private:
  World(RunId run, std::vector<WorldHost> hosts, std::filesystem::path registry, Duration timeout,
        NetNamespace hub)
      : run_(std::move(run)),
        hosts_(std::move(hosts)),
        registry_(std::move(registry)),
        timeout_(timeout),
        hub_(std::move(hub)) {}
  struct Wiring {
    const NetNamespace* ns;
    std::string address;      // with prefix: "198.18.0.10/15"
    std::string extra_route;  // on-link, or empty
    std::string address6;     // with prefix, or empty
  };
  // Wires each namespace to the bridge through a veth pair whose inner end is eth0, in one
  // `ip` process for the hub and one per namespace: the world must come up fast.
  Status Wire(const std::vector<Wiring>& wirings);
  // The address of the index-th sandbox or proxy on the bridge (198.18.1.1 onwards), without
  // prefix.
  Result<std::string> SandboxAddress(uint32_t index) const;
  Status AllowUnprivilegedPing(const NetNamespace& ns) const;

  RunId run_;
  std::vector<WorldHost> hosts_;
  std::filesystem::path registry_;
  Duration timeout_;
  NetNamespace hub_;
  std::deque<NetNamespace> host_namespaces_;  // in hosts_ order; deques keep addresses stable

  // Atomic: a run's families attach their sandboxes from concurrent lanes.
  std::atomic<uint32_t> sandboxes_ = 0;
  std::atomic<uint32_t> segments_ = 0;
  std::atomic<int> ports_ = 0;
};

// Deletes the namespaces `registry` records for runs whose lock in `locks_dir` is free.
Status SweepAbandonedWorlds(const std::filesystem::path& registry,
                            const std::filesystem::path& locks_dir, Duration timeout);

}  // namespace sandcheck
