#include "clusters/world/world.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "clusters/world/netns_socket.h"
#include "core/log.h"
#include "core/process.h"

namespace sandcheck {

std::vector<WorldHost> DefaultWorldHosts() {
  return {{"proxy", "198.18.0.2"},
          {std::string(kAllowedHost), "198.18.0.10"},
          {std::string(kDeniedHost), "198.18.0.11", "fd5c::11"},
          {std::string(kCanaryHost), "198.18.0.12"},
          {std::string(kModelApiHost), "198.18.0.13"},
          {std::string(kDnsHost), "198.18.0.53"},
          {std::string(kMetadataHost), std::string(kMetadataAddress)}};
}

Result<std::unique_ptr<World>> World::Create(const RunId& run, std::vector<WorldHost> hosts,
                                             const std::filesystem::path& registry,
                                             Duration timeout) {
  ASSIGN_OR_RETURN(NetNamespace hub,
                   NetNamespace::Create(ResourceName(run, "world"), registry, timeout));
  RETURN_IF_ERROR(hub.IpBatch({"link set lo up", "link add br0 type bridge", "link set br0 up"}));
  std::unique_ptr<World> world(new World(run, std::move(hosts), registry, timeout, std::move(hub)));
  for (const WorldHost& host : world->hosts_) {
    ASSIGN_OR_RETURN(NetNamespace ns, NetNamespace::Create(ResourceName(run, "world-" + host.name),
                                                           registry, timeout));
    world->host_namespaces_.push_back(std::move(ns));
  }
  std::vector<Wiring> wirings;
  for (size_t i = 0; i < world->hosts_.size(); ++i) {
    const std::string& address = world->hosts_[i].address;
    // The metadata address sits outside the world's prefix: answers go back on-link.
    bool metadata = address == kMetadataAddress;
    const std::string& address6 = world->hosts_[i].address6;
    wirings.push_back({&world->host_namespaces_[i], address + (metadata ? "/32" : "/15"),
                       metadata ? std::string(kWorldPrefix) : "",
                       address6.empty() ? "" : address6 + "/64"});
  }
  RETURN_IF_ERROR(world->Wire(wirings));
  return world;
}

World::~World() {
  Status destroyed = Destroy();
  if (!destroyed.ok()) SC_WARN("world of run {}: {}", run_.str(), destroyed.message());
}

Status World::Wire(const std::vector<Wiring>& wirings) {
  std::vector<std::string> hub_commands;
  for (const Wiring& wiring : wirings) {
    std::string hub_end = fmt::format("v{}", ports_++);
    hub_commands.push_back(
        fmt::format("link add {} type veth peer name eth0 netns {}", hub_end, wiring.ns->name()));
    hub_commands.push_back(fmt::format("link set {} master br0 up", hub_end));
  }
  RETURN_IF_ERROR(hub_.IpBatch(hub_commands));
  for (const Wiring& wiring : wirings) {
    std::vector<std::string> commands = {
        "link set lo up", fmt::format("addr add {} dev eth0", wiring.address), "link set eth0 up"};
    if (!wiring.extra_route.empty()) {
      commands.push_back(fmt::format("route add {} dev eth0", wiring.extra_route));
    }
    if (!wiring.address6.empty()) {
      // nodad: usable at once, the world must come up fast; no other host claims it.
      commands.push_back(fmt::format("addr add {} dev eth0 nodad", wiring.address6));
    }
    RETURN_IF_ERROR(wiring.ns->IpBatch(commands));
  }
  return Status::Ok();
}

Result<std::string> World::SandboxAddress(uint32_t index) const {
  // Sandboxes and proxies take 198.18.1.1 onwards; the world's own hosts live in
  // 198.18.0.0/24, proxy segments in 198.19.128.0/17.
  uint32_t host = 256 + index;
  if (host >= (1u << 16) + (1u << 15)) {
    return Fail("world of run {}: no sandbox address left", run_.str());
  }
  return fmt::format("198.{}.{}.{}", 18 + (host >> 16), (host >> 8) & 0xff, host & 0xff);
}

// As Docker does for every container: any user may open ICMP ping sockets. Then a sandbox that
// cannot ping out is stopped by its network, not by a sysctl default.
Status World::AllowUnprivilegedPing(const NetNamespace& ns) const {
  return WriteNetSysctlInNamespace(ns.path(), "/proc/sys/net/ipv4/ping_group_range",
                                   "0 2147483647");
}

Result<World::Attachment> World::AttachSandbox(std::string_view purpose) {
  uint32_t index = ++sandboxes_;
  ASSIGN_OR_RETURN(std::string address, SandboxAddress(index));
  ASSIGN_OR_RETURN(NetNamespace ns,
                   NetNamespace::Create(ResourceName(run_, purpose), registry_, timeout_));
  std::string address6 = fmt::format("fd5c::1:{:x}/64", index);
  RETURN_IF_ERROR(Wire({{&ns, address + "/15", std::string(kMetadataAddress), address6}}));
  RETURN_IF_ERROR(AllowUnprivilegedPing(ns));
  return Attachment{std::move(ns), address};
}

Result<World::ProxiedAttachment> World::AttachProxiedSandbox(std::string_view purpose,
                                                             uint16_t proxy_port,
                                                             bool admin_closed) {
  uint32_t segment = ++segments_;
  if (segment >= (1u << 13)) return Fail("world of run {}: no proxy segment left", run_.str());
  // A /30 each: .1 the proxy, .2 the sandbox.
  uint32_t base = (128u << 8) + segment * 4;
  auto segment_address = [&](uint32_t offset) {
    return fmt::format("198.19.{}.{}", (base + offset) >> 8, (base + offset) & 0xff);
  };
  ASSIGN_OR_RETURN(std::string hub_address, SandboxAddress(++sandboxes_));
  ASSIGN_OR_RETURN(NetNamespace proxy_ns,
                   // The suffix after the whole name: ResourceName truncates a long purpose, and a
                   // "-px" it cut off would give the proxy the sandbox's name.
                   NetNamespace::Create(ResourceName(run_, purpose) + "-px", registry_, timeout_));
  RETURN_IF_ERROR(Wire({{&proxy_ns, hub_address + "/15", "", ""}}));
  ASSIGN_OR_RETURN(NetNamespace sandbox_ns,
                   NetNamespace::Create(ResourceName(run_, purpose), registry_, timeout_));
  std::string proxy_address = segment_address(1);
  std::string sandbox_address = segment_address(2);
  RETURN_IF_ERROR(proxy_ns.IpBatch(
      {fmt::format("link add seg0 type veth peer name eth0 netns {}", sandbox_ns.name()),
       fmt::format("addr add {}/30 dev seg0", proxy_address), "link set seg0 up"}));
  RETURN_IF_ERROR(
      sandbox_ns.IpBatch({"link set lo up", fmt::format("addr add {}/30 dev eth0", sandbox_address),
                          "link set eth0 up"}));
  RETURN_IF_ERROR(AllowUnprivilegedPing(sandbox_ns));
  if (admin_closed) {
    ProcessSpec spec;
    spec.argv = {IpProgram(), "netns", "exec", proxy_ns.name(), "nft", "-f", "-"};
    spec.stdin_data = fmt::format(
        "table inet sandcheck {{\n"
        "  chain input {{\n"
        "    type filter hook input priority 0; policy accept;\n"
        "    iifname \"seg0\" tcp dport {} accept\n"
        "    iifname \"seg0\" drop\n"
        "  }}\n"
        "}}\n",
        proxy_port);
    spec.timeout = timeout_;
    ASSIGN_OR_RETURN(ProcessOutcome outcome, RunChecked(spec));
  }
  return ProxiedAttachment{std::move(proxy_ns), std::move(sandbox_ns), hub_address, proxy_address,
                           sandbox_address};
}

const NetNamespace* World::Host(std::string_view name) const {
  for (size_t i = 0; i < hosts_.size() && i < host_namespaces_.size(); ++i) {
    if (hosts_[i].name == name) return &host_namespaces_[i];
  }
  return nullptr;
}

Status World::Destroy() {
  std::vector<std::string> problems;
  auto collect = [&](std::deque<NetNamespace>& namespaces) {
    for (auto it = namespaces.rbegin(); it != namespaces.rend(); ++it) {
      Status deleted = it->Delete();
      if (!deleted.ok()) problems.push_back(deleted.message());
    }
    namespaces.clear();
  };
  collect(host_namespaces_);
  Status hub = hub_.Delete();
  if (!hub.ok()) problems.push_back(hub.message());
  if (problems.empty()) return Status::Ok();
  return Fail("{}", fmt::join(problems, "; "));
}

void World::Release() {
  for (NetNamespace& ns : host_namespaces_) SC_INFO("kept network namespace {}", ns.Release());
  host_namespaces_.clear();
  SC_INFO("kept network namespace {}", hub_.Release());
}

Status SweepAbandonedWorlds(const std::filesystem::path& registry,
                            const std::filesystem::path& locks_dir, Duration timeout) {
  std::error_code ec;
  if (!std::filesystem::is_directory(registry, ec)) return Status::Ok();
  std::vector<std::string> problems;
  for (const auto& entry : std::filesystem::directory_iterator(registry, ec)) {
    std::string name = entry.path().filename().string();
    auto run = RunIdOfResource(name);
    if (!run || !RunLock::IsAbandoned(locks_dir, *run)) continue;
    Status deleted = DeleteNetNamespace(name, registry, timeout);
    if (deleted.ok()) {
      SC_INFO("swept network namespace {} of abandoned run {}", name, run->str());
    } else {
      problems.push_back(deleted.message());
    }
  }
  if (problems.empty()) return Status::Ok();
  return Fail("sweep of network namespaces: {}", fmt::join(problems, "; "));
}

}  // namespace sandcheck
