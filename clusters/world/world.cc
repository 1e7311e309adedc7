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
  RETURN_IF_ERROR(hub.Ip({"link", "add", "br0", "type", "bridge"}));
  RETURN_IF_ERROR(hub.Ip({"link", "set", "br0", "up"}));
  std::unique_ptr<World> world(new World(run, std::move(hosts), registry, timeout, std::move(hub)));
  for (const WorldHost& host : world->hosts_) {
    ASSIGN_OR_RETURN(NetNamespace ns, NetNamespace::Create(ResourceName(run, "world-" + host.name),
                                                           registry, timeout));
    bool metadata = host.address == kMetadataAddress;
    RETURN_IF_ERROR(world->Wire(ns, host.address, metadata ? 32 : 15));
    // The metadata address sits outside the world's prefix: answers go back on-link.
    if (metadata) {
      RETURN_IF_ERROR(ns.Ip({"route", "add", std::string(kWorldPrefix), "dev", "eth0"}));
    }
    world->host_namespaces_.push_back(std::move(ns));
  }
  return world;
}

World::~World() {
  Status destroyed = Destroy();
  if (!destroyed.ok()) SC_WARN("world of run {}: {}", run_.str(), destroyed.message());
}

Status World::Wire(const NetNamespace& ns, const std::string& address, int prefix) {
  std::string hub_end = fmt::format("v{}", ports_++);
  RETURN_IF_ERROR(hub_.Ip(
      {"link", "add", hub_end, "type", "veth", "peer", "name", "eth0", "netns", ns.name()}));
  RETURN_IF_ERROR(hub_.Ip({"link", "set", hub_end, "master", "br0", "up"}));
  RETURN_IF_ERROR(ns.Ip({"addr", "add", fmt::format("{}/{}", address, prefix), "dev", "eth0"}));
  return ns.Ip({"link", "set", "eth0", "up"});
}

Result<World::Attachment> World::AttachSandbox(std::string_view purpose) {
  std::string address = fmt::format("198.18.1.{}", sandboxes_.size() + 1);
  if (sandboxes_.size() >= 250) return Fail("world of run {}: no sandbox address left", run_.str());
  ASSIGN_OR_RETURN(NetNamespace ns,
                   NetNamespace::Create(ResourceName(run_, purpose), registry_, timeout_));
  RETURN_IF_ERROR(Wire(ns, address, 15));
  RETURN_IF_ERROR(ns.Ip({"route", "add", std::string(kMetadataAddress), "dev", "eth0"}));
  sandboxes_.push_back(std::move(ns));
  return Attachment{&sandboxes_.back(), address};
}

const NetNamespace* World::Host(std::string_view name) const {
  for (size_t i = 0; i < hosts_.size() && i < host_namespaces_.size(); ++i) {
    if (hosts_[i].name == name) return &host_namespaces_[i];
  }
  return nullptr;
}

Status World::Destroy() {
  std::vector<std::string> problems;
  auto collect = [&](std::vector<NetNamespace>& namespaces) {
    for (auto it = namespaces.rbegin(); it != namespaces.rend(); ++it) {
      Status deleted = it->Delete();
      if (!deleted.ok()) problems.push_back(deleted.message());
    }
    namespaces.clear();
  };
  collect(sandboxes_);
  collect(host_namespaces_);
  Status hub = hub_.Delete();
  if (!hub.ok()) problems.push_back(hub.message());
  if (problems.empty()) return Status::Ok();
  return Fail("{}", fmt::join(problems, "; "));
}

void World::Release() {
  for (auto* namespaces : {&sandboxes_, &host_namespaces_}) {
    for (NetNamespace& ns : *namespaces) SC_INFO("kept network namespace {}", ns.Release());
    namespaces->clear();
  }
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
