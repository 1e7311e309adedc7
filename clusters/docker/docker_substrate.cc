#include "clusters/docker/docker_substrate.h"

#include <fmt/ranges.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "clusters/docker/container_spec.h"
#include "clusters/docker/container_world.h"
#include "clusters/docker/docker_runtimes.h"
#include "clusters/docker/docker_sandbox.h"
#include "clusters/docker/docker_sweep.h"
#include "clusters/docker/exec_stream.h"
#include "clusters/oci/init_ready.h"
#include "core/cleanup_stack.h"
#include "core/log.h"

namespace sandcheck {
namespace {

using nlohmann::json;

inline constexpr std::string_view kVolumeLabel = "io.sandcheck.volume";

// A new volume belongs to the sandbox user, as on the oci substrate (and as Kubernetes'
// fsGroup makes it); the engine would leave it root-owned unless the image has the path.
Status ChownVolume(const json& volume, const UserSpec& user) {
  std::string mountpoint = volume.value("Mountpoint", "");
  if (mountpoint.empty()) return Fail("volume {} has no Mountpoint", volume.dump());
  if (::chown(mountpoint.c_str(), user.uid, user.gid) != 0) {
    return Fail("chown {} to {}:{}: {}", mountpoint, user.uid, user.gid, std::strerror(errno));
  }
  return Status::Ok();
}

// Seed 003's entrypoint holds the handed-over credential until it re-execs; an exec before that
// would find it in /proc/1/environ. The engine has no way to wait for a log line, so the init's
// stderr is read again every 20 ms until the ready line is there, for at most `timeout`.
Status WaitForEntrypoint(const EngineClient& engine, const std::string& id, Duration timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string seen;
  while (true) {
    ASSIGN_OR_RETURN(EngineResponse response,
                     engine.Call({"GET", "/containers/" + id + "/logs?stdout=1&stderr=1", "", "",
                                  std::chrono::seconds(5)}));
    if (response.status == 200 && !response.timed_out) {
      ASSIGN_OR_RETURN(DemuxedOutput output, DemuxExecStream(response.body));
      if (output.err.find(kInitReadyLine) != std::string::npos) return Status::Ok();
      seen = output.err;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return Fail("the entrypoint did not report ready within {} ms; its stderr: {}",
                  std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count(),
                  Tail(seen));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

Result<std::unique_ptr<DockerSubstrate>> DockerSubstrate::Create(DockerSubstrateConfig config) {
  if (!config.state_dir.is_absolute()) {
    return Fail("state dir {} is not absolute", config.state_dir.string());
  }
  auto engine = std::make_shared<const EngineClient>(config.socket);
  Status ping = engine->Ping();
  if (!ping.ok()) {
    return Fail("no Docker engine answers on {}: {}. fix: bash ci/dockerd.sh",
                config.socket.string(), ping.message());
  }
  ASSIGN_OR_RETURN(json info,
                   engine->Json("GET", "/info", nullptr, config.timeouts.runtime_command));
  std::set<std::string> runtimes;
  if (info.contains("Runtimes") && info["Runtimes"].is_object()) {
    for (const auto& [name, ignored] : info["Runtimes"].items()) runtimes.insert(name);
  }
  std::string version = info.value("ServerVersion", "unknown");
  ASSIGN_OR_RETURN(RunLock lock, RunLock::Acquire(config.state_dir / "locks", config.run_id));
  return std::unique_ptr<DockerSubstrate>(new DockerSubstrate(
      std::move(config), std::move(lock), std::move(engine), version, std::move(runtimes)));
}

DockerSubstrate::DockerSubstrate(DockerSubstrateConfig config, RunLock lock,
                                 std::shared_ptr<const EngineClient> engine,
                                 std::string engine_version, std::set<std::string> engine_runtimes)
    : config_(std::move(config)),
      lock_(std::move(lock)),
      engine_(std::move(engine)),
      engine_version_(std::move(engine_version)),
      engine_runtimes_(std::move(engine_runtimes)) {}

DockerSubstrate::~DockerSubstrate() {
  for (const auto& volume : volumes_) {
    Status removed = RemoveLabelledObject(
        *engine_, {"volume", volume, config_.run_id.str(), config_.state_dir.string()},
        config_.timeouts.cleanup_step);
    if (!removed.ok()) SC_WARN("volume {} left behind: {}", volume, removed.message());
  }
  world_services_.reset();
  world_.reset();
  std::error_code ignored;
  std::filesystem::remove(RunDir(), ignored);  // only when empty
}

std::string DockerSubstrate::VolumeName(const std::string& name) const {
  return ResourceName(config_.run_id, "vol-" + name);
}

std::string DockerSubstrate::UnavailableReason(RuntimeKind runtime) const {
  const DockerRuntimeProfile* profile = FindDockerRuntimeProfile(runtime);
  if (!profile)
    return fmt::format("{} is not a runtime of the docker substrate", ToString(runtime));
  for (const auto& [mode, name] : profile->engine_runtime) {
    if (!engine_runtimes_.contains(name)) {
      return fmt::format(
          "dockerd {} has no runtime '{}' (network {}). fix: bash ci/setup.sh writes it into "
          "/etc/docker/daemon.json; then restart dockerd or send it SIGHUP",
          engine_version_, name, ToString(mode));
    }
  }
  return "";
}

RuntimeCapabilities DockerSubstrate::Capabilities(RuntimeKind runtime) const {
  RuntimeCapabilities result;
  const DockerRuntimeProfile* profile = FindDockerRuntimeProfile(runtime);
  std::string why = UnavailableReason(runtime);
  const auto& known =
      profile ? profile->capabilities : DockerRuntimeProfiles().front().capabilities;
  for (const auto& [name, capability] : known) {
    result.capabilities[name] = why.empty() ? capability : Capability{false, why};
  }
  if (why.empty()) {
    result.runtime_version =
        fmt::format("docker {} ({} runtime '{}')", engine_version_, ToString(runtime),
                    profile->engine_runtime.at(NetworkMode::kNone));
  }
  return result;
}

Result<SandboxImage> DockerSubstrate::ImageFor(const Deployment& deployment) {
  std::string key = ImageCacheKey(deployment);
  std::lock_guard lock(mutex_);  // one import at a time: two would only race for the tag
  if (auto it = images_.find(key); it != images_.end()) return it->second;
  ASSIGN_OR_RETURN(SandboxImage image,
                   EnsureSandboxImage(*engine_, deployment,
                                      {config_.busybox, config_.probe_binary,
                                       DefaultClaudeCodeImageSpec(), config_.shared_bases},
                                      {config_.state_dir / "rootfs", config_.run_id},
                                      config_.timeouts.rootfs_build));
  images_[key] = image;
  return image;
}

Result<std::map<std::string, std::string>> DockerSubstrate::EnsureVolumes(
    const Deployment& deployment) {
  std::map<std::string, std::string> names;
  std::lock_guard lock(mutex_);
  for (const auto& volume : deployment.volumes) {
    std::string engine_name = VolumeName(volume.name);
    names[volume.name] = engine_name;
    if (volumes_.contains(engine_name)) continue;  // an earlier sandbox of this run made it
    json body = {{"Name", engine_name},
                 {"Labels",
                  {{kRunLabel, config_.run_id.str()},
                   {kStateLabel, config_.state_dir.string()},
                   {kVolumeLabel, volume.name}}}};
    ASSIGN_OR_RETURN(json created, engine_->Json("POST", "/volumes/create", body,
                                                 config_.timeouts.runtime_command));
    volumes_.insert(engine_name);
    RETURN_IF_ERROR(ChownVolume(created, deployment.user));
  }
  return names;
}

Result<SandboxLease> DockerSubstrate::Acquire(const Deployment& deployment,
                                              const AcquireOptions& options) {
  if (std::string why = UnavailableReason(deployment.runtime); !why.empty()) {
    return Fail("deployment '{}': runtime {} is unavailable here: {}", deployment.name,
                ToString(deployment.runtime), why);
  }
  const DockerRuntimeProfile& profile = *FindDockerRuntimeProfile(deployment.runtime);
  auto engine_runtime = profile.engine_runtime.find(deployment.network);
  if (engine_runtime == profile.engine_runtime.end()) {
    return Fail("deployment '{}': runtime {} has no engine runtime for network {}", deployment.name,
                ToString(deployment.runtime), ToString(deployment.network));
  }
  Timeouts timeouts = config_.timeouts.Scaled(profile.timeout_scale);
  ASSIGN_OR_RETURN(SandboxImage image, ImageFor(deployment));
  ASSIGN_OR_RETURN(auto volumes, EnsureVolumes(deployment));

  std::string purpose = fmt::format("{}-{}", options.purpose, ++sandbox_counter_);
  std::string name = ResourceName(config_.run_id, purpose);
  CleanupStack teardown;
  Deployment joined = deployment;  // plus what the world adds: resolv.conf, proxy, CA
  WorldJoin world;
  std::string id;
  // Undone newest first: the container goes before its namespace's name, the proxy and the
  // staged namespaces.
  Status started = [&]() -> Status {
    ASSIGN_OR_RETURN(world, StageWorldLink(joined, purpose, teardown));
    ASSIGN_OR_RETURN(json spec, ContainerSpec(joined, {image.id, config_.run_id.str(),
                                                       config_.state_dir.string(),
                                                       engine_runtime->second, volumes}));
    // Filled once the container runs; its name is dropped after the container is gone.
    auto container_ns = std::make_shared<std::optional<NetNamespace>>();
    if (world.link) {
      teardown.Push("drop the network namespace name of " + name, [container_ns] {
        return container_ns->has_value() ? (*container_ns)->Delete() : Status::Ok();
      });
    }
    ASSIGN_OR_RETURN(json created, engine_->Json("POST", "/containers/create?name=" + name, spec,
                                                 timeouts.runtime_command));
    id = created.value("Id", "");
    teardown.Push("remove container " + name, [engine = engine_, id, timeouts] {
      return RemoveEngineContainer(*engine, id, timeouts.cleanup_step);
    });
    RETURN_IF_ERROR(
        engine_->Json("POST", "/containers/" + id + "/start", nullptr, timeouts.runtime_command));
    if (world.link) {
      ASSIGN_OR_RETURN(json inspected, engine_->Json("GET", "/containers/" + id + "/json", nullptr,
                                                     timeouts.runtime_command));
      // Before the first exec: nothing in the sandbox may run without its world.
      ASSIGN_OR_RETURN(NetNamespace ns, MoveIntoContainer(world, purpose, inspected));
      container_ns->emplace(std::move(ns));
      SC_DEBUG("sandbox {} joined the world as {}", name, world.link->sandbox_address());
    }
    if (!deployment.env_unset_before_exec.empty()) {
      RETURN_IF_ERROR(WaitForEntrypoint(*engine_, id, timeouts.runtime_command));
    }
    return Status::Ok();
  }();
  if (!started.ok()) {
    Status undone = teardown.RunAll();
    return Fail("acquire {} ({} on docker, image {}) for deployment '{}': {}{}", name,
                ToString(deployment.runtime), image.id, deployment.name, started.message(),
                undone.ok() ? "" : "; cleanup failed too: " + undone.message());
  }
  std::filesystem::path rootfs;
  auto inspected =
      engine_->Json("GET", "/containers/" + id + "/json", nullptr, timeouts.runtime_command);
  if (inspected.ok()) {
    rootfs = inspected->value(json::json_pointer("/GraphDriver/Data/MergedDir"), std::string());
  }
  SC_DEBUG("sandbox {} running (container {}, {} runtime '{}')", name, id,
           ToString(deployment.runtime), engine_runtime->second);
  return SandboxLease(std::make_unique<DockerSandbox>(
      engine_, std::move(joined), DockerSandboxParts{name, id, rootfs, timeouts},
      std::move(teardown), std::move(world.link)));
}

std::filesystem::path DockerSubstrate::RunDir() const {
  return DockerRunDir(config_.state_dir, config_.run_id);
}

Result<World*> DockerSubstrate::EnsureWorld() {
  std::lock_guard lock(world_mutex_);
  if (!world_) {
    ASSIGN_OR_RETURN(auto world, World::Create(config_.run_id, DefaultWorldHosts(), WorldRegistry(),
                                               config_.timeouts.runtime_command));
    ASSIGN_OR_RETURN(world_services_, WorldServices::Start(*world, RunDir() / "world",
                                                           config_.timeouts.runtime_command));
    world_ = std::move(world);
  }
  return world_.get();
}

Result<WorldJoin> DockerSubstrate::StageWorldLink(Deployment& deployment,
                                                  const std::string& purpose,
                                                  CleanupStack& teardown) {
  if (deployment.network != NetworkMode::kWorld) return WorldJoin{};
  ASSIGN_OR_RETURN(World * world, EnsureWorld());
  // sc-<run>-link-<purpose> (and its proxy's -px) until the link moves into the container's
  // namespace, which takes the container's name.
  return JoinWorld(*world, *world_services_, "link-" + purpose,
                   RunDir() / (ResourceName(config_.run_id, purpose) + "-proxy"), deployment,
                   teardown, config_.timeouts.runtime_command);
}

Result<NetNamespace> DockerSubstrate::MoveIntoContainer(const WorldJoin& join,
                                                        const std::string& purpose,
                                                        const json& inspected) {
  // The engine's init pid: runc's container init, or runsc's sandbox process; both live in
  // the namespace the engine made for the container.
  int pid = inspected.value(json::json_pointer("/State/Pid"), 0);
  if (pid <= 0) return Fail("join the world: the engine reports no pid for the container");
  return MoveWorldLink(join.netns, pid, ResourceName(config_.run_id, purpose), WorldRegistry(),
                       config_.timeouts.runtime_command);
}

std::map<std::string, std::string> DockerSubstrate::EnvironmentFacts(
    const std::vector<Deployment>& deployments) {
  std::map<std::string, std::string> facts{{"docker", engine_version_}};
  for (const auto& deployment : deployments) {
    auto image = ImageFor(deployment);
    facts["image " + deployment.name] =
        image.ok() ? image->reference + " " + image->id : "import failed: " + image.message();
  }
  return facts;
}

Status DockerSubstrate::SweepAbandoned() {
  Status engine = SweepAbandonedEngineObjects(*engine_, config_.state_dir, config_.run_id,
                                              config_.timeouts.cleanup_step);
  // The namespaces before the run directories: a swept proxy's files go after its process.
  Status worlds = SweepAbandonedWorlds(WorldRegistry(), config_.state_dir / "locks",
                                       config_.timeouts.runtime_command);
  Status files = SweepAbandonedRunDirs(config_.state_dir, config_.run_id);
  std::vector<std::string> problems;
  for (const Status* status : {&engine, &worlds, &files}) {
    if (!status->ok()) problems.push_back(status->message());
  }
  if (problems.empty()) return Status::Ok();
  return Fail("{}", fmt::join(problems, "; "));
}

}  // namespace sandcheck
