#include "clusters/oci/oci_substrate.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "clusters/oci/bundle_config.h"
#include "clusters/oci/child_reaper.h"
#include "clusters/oci/container_teardown.h"
#include "clusters/oci/host_cgroups.h"
#include "clusters/oci/init_ready.h"
#include "clusters/oci/oci_sandbox.h"
#include "clusters/oci/overlay_mount.h"
#include "clusters/oci/sweep.h"
#include "core/cleanup_stack.h"
#include "core/fs_util.h"
#include "core/log.h"

namespace sandcheck {
namespace {

Status MakeDirs(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) return Fail("create {}: {}", path.string(), ec.message());
  return Status::Ok();
}

// A new named volume belongs to the sandbox user, as Kubernetes' fsGroup or a Docker image's
// own mount point would make it; an existing one keeps the owner its earlier sandboxes left.
Status MakeVolume(const std::filesystem::path& path, const UserSpec& user) {
  if (std::filesystem::exists(path)) return Status::Ok();
  RETURN_IF_ERROR(MakeDirs(path));
  if (::chown(path.c_str(), user.uid, user.gid) != 0) {
    return Fail("chown {} to {}:{}: {}", path.string(), user.uid, user.gid, std::strerror(errno));
  }
  return Status::Ok();
}

// Everything between an empty bundle directory and a started container. Each step that
// leaves something behind pushes its undo onto `teardown` before the next step runs.
Status StartContainer(const Deployment& deployment, const std::string& id,
                      const BundlePaths& bundle, const std::filesystem::path& lower,
                      const StateLayout& layout, const std::filesystem::path& world_namespace,
                      std::shared_ptr<const RuntimeCli> runtime, CleanupStack& teardown) {
  RETURN_IF_ERROR(MakeDirs(bundle.dir));
  teardown.Push("remove bundle " + bundle.dir.string(),
                [dir = bundle.dir] { return RemoveTreeWithoutMounts(dir); });
  for (const auto& dir : {bundle.rootfs(), bundle.upper(), bundle.work()}) {
    RETURN_IF_ERROR(MakeDirs(dir));
  }
  for (const auto& volume : deployment.volumes) {
    RETURN_IF_ERROR(MakeVolume(layout.volumes() / volume.name, deployment.user));  // outlives it
  }

  RETURN_IF_ERROR(MountOverlay({lower, bundle.upper(), bundle.work()}, bundle.rootfs()));
  teardown.Push("unmount " + bundle.rootfs().string(),
                [target = bundle.rootfs()] { return Unmount(target); });

  ASSIGN_OR_RETURN(auto config, BundleConfig(deployment, {id, layout.volumes(), world_namespace}));
  RETURN_IF_ERROR(WriteFile(bundle.config(), config.dump(2), 0644));

  // Filled once the container runs: the processes this process will have to reap.
  auto container_pids = std::make_shared<std::vector<pid_t>>();
  teardown.Push("remove container " + id, [runtime, id, container_pids] {
    return RemoveContainer(*runtime, id, *container_pids);
  });
  RETURN_IF_ERROR(runtime->Create(id, bundle));
  RETURN_IF_ERROR(runtime->Start(id));
  *container_pids = ChildrenInContainerCgroup(id);
  // Nothing may exec into the sandbox while the entrypoint still holds what it unsets.
  if (!deployment.env_unset_before_exec.empty()) {
    auto waited = std::chrono::steady_clock::now();
    RETURN_IF_ERROR(WaitForInitReady(bundle.init_stderr(), runtime->timeouts().runtime_command));
    SC_DEBUG("sandbox {}: entrypoint ready {} ms after start", id,
             std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::steady_clock::now() - waited)
                 .count());
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<OciSubstrate>> OciSubstrate::Create(OciSubstrateConfig config) {
  if (!config.state_dir.is_absolute()) {
    return Fail("state dir {} is not absolute", config.state_dir.string());
  }
  if (config.run_dir.empty()) config.run_dir = config.state_dir / "run";
  StateLayout layout{config.state_dir, config.run_dir};
  // The lock comes first: a sweeper must never see this run's directory unlocked.
  ASSIGN_OR_RETURN(RunLock lock, RunLock::Acquire(layout.locks(), config.run_id));
  for (const auto& dir : {layout.rootfs_cache(), layout.run(config.run_id), layout.volumes(),
                          layout.cgroup_mounts()}) {
    RETURN_IF_ERROR(MakeDirs(dir));
  }
  RETURN_IF_ERROR(BecomeChildSubreaper());

  bool hybrid = DetectCgroupLayout() == CgroupLayout::kHybrid;
  std::map<RuntimeKind, RuntimeEntry> runtimes;
  for (const auto& profile : RuntimeProfiles()) {
    std::string name(ToString(profile.kind));
    auto root = layout.runtime_root(name);
    auto wrapper_dir = layout.cgroup_mounts() / name;
    RETURN_IF_ERROR(MakeDirs(root));
    if (!profile.hybrid_cgroup_wrapper.empty()) RETURN_IF_ERROR(MakeDirs(wrapper_dir));
    auto cli =
        std::make_shared<const RuntimeCli>(profile, root, wrapper_dir, hybrid, config.timeouts);
    runtimes.emplace(profile.kind, RuntimeEntry{&profile, cli, std::nullopt});
  }
  return std::unique_ptr<OciSubstrate>(
      new OciSubstrate(std::move(config), std::move(layout), std::move(lock), std::move(runtimes)));
}

OciSubstrate::OciSubstrate(OciSubstrateConfig config, StateLayout layout, RunLock lock,
                           std::map<RuntimeKind, RuntimeEntry> runtimes)
    : config_(std::move(config)),
      layout_(std::move(layout)),
      lock_(std::move(lock)),
      runtimes_(std::move(runtimes)),
      rootfs_cache_(layout_.rootfs_cache()) {}

OciSubstrate::~OciSubstrate() {
  std::error_code ignored;
  std::filesystem::remove(layout_.run(config_.run_id), ignored);  // only when empty
}

const RuntimeAvailability& OciSubstrate::AvailabilityOf(RuntimeEntry& entry) const {
  if (!entry.availability) entry.availability = DetectRuntime(*entry.profile);
  return *entry.availability;
}

std::string OciSubstrate::UnavailableReason(RuntimeKind runtime) const {
  std::lock_guard lock(runtimes_mutex_);
  auto it = runtimes_.find(runtime);
  if (it == runtimes_.end()) {
    return fmt::format("{} is not a runtime of the oci substrate", ToString(runtime));
  }
  return AvailabilityOf(it->second).reason;
}

RuntimeCapabilities OciSubstrate::Capabilities(RuntimeKind runtime) const {
  std::lock_guard lock(runtimes_mutex_);
  auto it = runtimes_.find(runtime);
  if (it == runtimes_.end()) {
    RuntimeCapabilities none;
    std::string why = fmt::format("{} is not a runtime of the oci substrate", ToString(runtime));
    for (const auto& [name, capability] : RuntimeProfiles().front().capabilities) {
      none.capabilities[name] = Capability{false, why};
    }
    return none;
  }
  return CapabilitiesOf(*it->second.profile, AvailabilityOf(it->second));
}

std::shared_ptr<const RuntimeCli> OciSubstrate::Runtime(RuntimeKind runtime) const {
  std::lock_guard lock(runtimes_mutex_);
  auto it = runtimes_.find(runtime);
  if (it == runtimes_.end() || !AvailabilityOf(it->second).available) return nullptr;
  return it->second.cli;
}

Result<SandboxLease> OciSubstrate::Acquire(const Deployment& deployment,
                                           const AcquireOptions& options) {
  ASSIGN_OR_RETURN(auto sandbox, AcquireOci(deployment, options));
  return SandboxLease(std::move(sandbox));
}

Result<std::unique_ptr<OciSandbox>> OciSubstrate::AcquireOci(const Deployment& deployment,
                                                             const AcquireOptions& options) {
  auto base_runtime = Runtime(deployment.runtime);
  if (!base_runtime) {
    return Fail("deployment '{}': runtime {} is unavailable here: {}", deployment.name,
                ToString(deployment.runtime), UnavailableReason(deployment.runtime));
  }
  auto runtime = std::make_shared<const RuntimeCli>(base_runtime->ForNetwork(deployment.network));
  ASSIGN_OR_RETURN(auto lower,
                   rootfs_cache_.Ensure(deployment,
                                        {config_.busybox, config_.probe_binary,
                                         config_.claude_code_image, config_.shared_bases},
                                        config_.run_id, runtime->timeouts().rootfs_build));

  std::string id =
      ResourceName(config_.run_id, fmt::format("{}-{}", options.purpose, ++sandbox_counter_));
  BundlePaths bundle{layout_.bundle(config_.run_id, id)};
  CleanupStack teardown;
  Deployment joined = deployment;  // plus what the world adds: resolv.conf, proxy, CA
  WorldJoin world;
  Status started = [&]() -> Status {
    ASSIGN_OR_RETURN(world, AttachToWorld(joined, id, teardown));
    return StartContainer(joined, id, bundle, lower, layout_, world.netns, runtime, teardown);
  }();
  if (!started.ok()) {
    Status undone = teardown.RunAll();
    return Fail("acquire {} ({}, bundle {}) for deployment '{}': {}{}", id,
                ToString(deployment.runtime), bundle.dir.string(), deployment.name,
                started.message(), undone.ok() ? "" : "; cleanup failed too: " + undone.message());
  }
  SC_DEBUG("sandbox {} running ({}, bundle {})", id, ToString(deployment.runtime),
           bundle.dir.string());
  return std::make_unique<OciSandbox>(id, std::move(joined), bundle, runtime, std::move(teardown),
                                      std::move(world.link));
}

Result<World*> OciSubstrate::EnsureWorld() {
  std::lock_guard lock(world_mutex_);
  if (!world_) {
    ASSIGN_OR_RETURN(auto world, World::Create(config_.run_id, DefaultWorldHosts(), layout_.netns(),
                                               config_.timeouts.runtime_command));
    ASSIGN_OR_RETURN(world_services_,
                     WorldServices::Start(*world, layout_.run(config_.run_id) / "world",
                                          config_.timeouts.runtime_command));
    world_ = std::move(world);
  }
  return world_.get();
}

// The sandbox's place in the world, or an empty join for the other network modes. The
// namespaces go after the container: teardown runs last in, first out.
Result<WorldJoin> OciSubstrate::AttachToWorld(Deployment& deployment, const std::string& id,
                                              CleanupStack& teardown) {
  if (deployment.network != NetworkMode::kWorld) return WorldJoin{};
  auto capability = Capabilities(deployment.runtime).capabilities[CapabilityKind::kWorldNetwork];
  if (!capability.available) return Fail("network 'world': {}", capability.reason);
  ASSIGN_OR_RETURN(World * world, EnsureWorld());
  return JoinWorld(*world, *world_services_, id, layout_.run(config_.run_id) / (id + "-proxy"),
                   deployment, teardown, config_.timeouts.runtime_command);
}

Status OciSubstrate::SweepAbandoned() {
  std::vector<std::shared_ptr<const RuntimeCli>> available;
  for (const auto& profile : RuntimeProfiles()) {
    // A runtime that never held a container here has nothing to sweep (and need not be
    // detected, which costs runsc most of a second).
    std::error_code ec;
    if (std::filesystem::is_empty(layout_.runtime_root(ToString(profile.kind)), ec)) continue;
    if (auto runtime = Runtime(profile.kind)) available.push_back(runtime);
  }
  Status runs = SweepAbandonedRuns(layout_, available, config_.run_id);
  Status worlds =
      SweepAbandonedWorlds(layout_.netns(), layout_.locks(), config_.timeouts.runtime_command);
  if (!worlds.ok()) return runs.ok() ? worlds : Fail("{}; {}", runs.message(), worlds.message());
  return runs;
}

}  // namespace sandcheck
