#include "clusters/world/world.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/log.h"

namespace sandcheck {

std::vector<WorldHost> DefaultWorldHosts() {
  return {{"proxy", "198.18.0.2"},
          {"allowed", "198.18.0.10"},
          {"denied", "198.18.0.11"},
          {"canary", "198.18.0.12"},
          {"model-api", "198.18.0.13"},
          {"dns", "198.18.0.53"},
          {"metadata", std::string(kMetadataAddress)}};
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
    wirings.push_back({&world->host_namespaces_[i], address + (metadata ? "/32" : "/15"),
                       metadata ? std::string(kWorldPrefix) : ""});
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
    RETURN_IF_ERROR(wiring.ns->IpBatch(commands));
  }
  return Status::Ok();
}

Result<std::string> World::NextSandboxAddress() {
  // Sandboxes take 198.18.1.1 onwards; the world's own hosts live in 198.18.0.0/24.
  uint32_t host = 256 + ++sandboxes_;
  if (host >= (1u << 17) - 1) return Fail("world of run {}: no sandbox address left", run_.str());
  return fmt::format("198.{}.{}.{}", 18 + (host >> 16), (host >> 8) & 0xff, host & 0xff);
}

Result<World::Attachment> World::AttachSandbox(std::string_view purpose) {
  ASSIGN_OR_RETURN(std::string address, NextSandboxAddress());
  ASSIGN_OR_RETURN(NetNamespace ns,
                   NetNamespace::Create(ResourceName(run_, purpose), registry_, timeout_));
  RETURN_IF_ERROR(Wire({{&ns, address + "/15", std::string(kMetadataAddress)}}));
  return Attachment{std::move(ns), address};
}

Result<World::Attachment> World::AttachProcess(pid_t pid, std::string_view purpose) {
  ASSIGN_OR_RETURN(std::string address, NextSandboxAddress());
  ASSIGN_OR_RETURN(NetNamespace ns,
                   NetNamespace::Attach(ResourceName(run_, purpose), pid, registry_, timeout_));
  RETURN_IF_ERROR(Wire({{&ns, address + "/15", std::string(kMetadataAddress)}}));
  return Attachment{std::move(ns), address};
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
