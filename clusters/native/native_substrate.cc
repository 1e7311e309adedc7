#include "clusters/native/native_substrate.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "clusters/native/native_sandbox.h"
#include "clusters/world/join_world.h"
#include "clusters/world/world_link.h"
#include "core/cleanup_stack.h"
#include "core/fs_util.h"
#include "core/log.h"
#include "core/process.h"

extern char** environ;

namespace sandcheck {
namespace {

Capability Yes(std::string how) { return {true, std::move(how)}; }
Capability No(std::string why) { return {false, std::move(why)}; }

// First line of `argv`'s output, or why it did not run.
Result<std::string> VersionOf(std::vector<std::string> argv) {
  ProcessSpec spec;
  spec.argv = std::move(argv);
  spec.timeout = std::chrono::seconds(20);
  ASSIGN_OR_RETURN(ProcessOutcome outcome, RunProcess(spec));
  if (!outcome.Succeeded()) {
    return Fail("{} {}: {}", spec.argv.front(), outcome.DescribeEnd(), outcome.err.substr(0, 200));
  }
  std::string text = outcome.out.empty() ? outcome.err : outcome.out;
  return text.substr(0, text.find('\n'));
}

// The user's shell environment: the harness's own (where the run planted its canaries), as a
// developer's terminal hands it to the agent it starts. HOME is the host user's, set apart.
std::vector<std::string> HostEnvironment() {
  std::vector<std::string> variables;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string_view variable(*entry);
    if (variable.starts_with("HOME=")) continue;
    variables.emplace_back(variable);
  }
  return variables;
}

}  // namespace

std::string_view SandboxRuntimeVersion() { return SANDCHECK_SRT_VERSION; }

std::filesystem::path SandboxRuntimeCli() {
  return fmt::format(
      "/opt/sandcheck/sandbox-runtime/{}/node_modules/@anthropic-ai/"
      "sandbox-runtime/dist/cli.js",
      SandboxRuntimeVersion());
}

Result<std::unique_ptr<NativeSubstrate>> NativeSubstrate::Create(NativeSubstrateConfig config) {
  if (!config.state_dir.is_absolute()) {
    return Fail("state dir {} is not absolute", config.state_dir.string());
  }
  ASSIGN_OR_RETURN(RunLock lock, RunLock::Acquire(config.state_dir / "locks", config.run_id));
  // The wrapper runs as the host user, who must reach the probe: a copy in a directory of its
  // own, readable by all, per run (a sweep removes the abandoned ones).
  std::filesystem::path bin = config.state_dir / "native" / config.run_id.str();
  std::error_code ec;
  std::filesystem::create_directories(bin, ec);
  if (ec) return Fail("create {}: {}", bin.string(), ec.message());
  for (auto dir = bin; dir != config.state_dir.parent_path(); dir = dir.parent_path()) {
    ::chmod(dir.c_str(), 0755);
  }
  std::filesystem::path probe = bin / "sandcheck-probe";
  if (!config.probe_binary.empty()) {
    std::filesystem::copy_file(config.probe_binary, probe,
                               std::filesystem::copy_options::overwrite_existing, ec);
    if (ec) return Fail("copy the probe {}: {}", config.probe_binary.string(), ec.message());
    ::chmod(probe.c_str(), 0755);
  }
  return std::unique_ptr<NativeSubstrate>(
      new NativeSubstrate(std::move(config), std::move(lock), std::move(probe)));
}

NativeSubstrate::~NativeSubstrate() {
  std::error_code ignored;
  std::filesystem::remove_all(dir() / config_.run_id.str(), ignored);
}

RuntimeCapabilities NativeSubstrate::Capabilities(RuntimeKind runtime) const {
  RuntimeCapabilities result;
  auto& caps = result.capabilities;
  Result<std::string> version =
      Fail("{} is not a runtime of the native substrate", ToString(runtime));
  if (runtime == RuntimeKind::kBwrap) version = VersionOf({"bwrap", "--version"});
  if (runtime == RuntimeKind::kSrt) {
    version = VersionOf({"node", config_.srt_cli.string(), "--version"});
    if (!version.ok()) {
      version = Fail(
          "sandbox-runtime {} is not installed at {} (bash ci/setup.sh installs it "
          "from the npm registry): {}",
          SandboxRuntimeVersion(), config_.srt_cli.string(), version.message());
    }
  }
  if (!version.ok()) {
    for (auto kind :
         {CapabilityKind::kSandboxKernel, CapabilityKind::kCgroupLimits, CapabilityKind::kSeccomp,
          CapabilityKind::kSeccompExec, CapabilityKind::kOverlayRootfs,
          CapabilityKind::kWorldNetwork, CapabilityKind::kEgressProxy, CapabilityKind::kMountFlags,
          CapabilityKind::kOwnTmpfs}) {
      caps[kind] = No(version.message());
    }
    return result;
  }
  result.runtime_version = *version;
  caps[CapabilityKind::kSandboxKernel] = No("a command wrapper shares the host kernel");
  caps[CapabilityKind::kCgroupLimits] =
      No("a command wrapper sets no cgroup limits: the wrapped command shares the host user's "
         "memory, cpu and pids budget");
  caps[CapabilityKind::kOverlayRootfs] =
      No("the wrapped command sees the host's own files through the wrapper's mounts");
  caps[CapabilityKind::kWorldNetwork] =
      Yes("the wrapper runs inside a network namespace of the world (ip netns exec)");
  caps[CapabilityKind::kEgressProxy] =
      No("the harness's egress proxy cannot be a wrapper's only link: srt brings its own "
         "proxies, bwrap has none");
  caps[CapabilityKind::kMountFlags] =
      runtime == RuntimeKind::kBwrap
          ? No("bwrap's --tmpfs takes a size and permissions, never noexec, nosuid or nodev")
          : No("srt mounts no tmpfs a deployment declares: the command writes where allowWrite "
               "points, on the host's own filesystems");
  caps[CapabilityKind::kOwnTmpfs] =
      runtime == RuntimeKind::kBwrap
          ? Yes("the line's --tmpfs, sized by --size")
          : No("srt gives the command no tmpfs of its own: it writes to TMPDIR (/tmp/claude) "
               "and allowWrite paths on the host's filesystems");
  if (runtime == RuntimeKind::kSrt) {
    caps[CapabilityKind::kSeccomp] =
        Yes("srt's apply-seccomp filter (Unix sockets, namespaces, mount) on every command");
    caps[CapabilityKind::kSeccompExec] = caps[CapabilityKind::kSeccomp];
  } else {
    caps[CapabilityKind::kSeccomp] =
        No("bwrap loads a seccomp filter only from a descriptor (--seccomp FD) its caller "
           "compiled; a deployment's argument list cannot carry one");
    caps[CapabilityKind::kSeccompExec] = caps[CapabilityKind::kSeccomp];
  }
  return result;
}

Result<World*> NativeSubstrate::EnsureWorld() {
  std::lock_guard lock(world_mutex_);
  if (!world_) {
    ASSIGN_OR_RETURN(auto world, World::Create(config_.run_id, DefaultWorldHosts(),
                                               netns_registry(), config_.timeouts.runtime_command));
    ASSIGN_OR_RETURN(world_services_,
                     WorldServices::Start(*world, dir() / config_.run_id.str() / "world",
                                          config_.timeouts.runtime_command));
    world_ = std::move(world);
  }
  return world_.get();
}

Result<SandboxLease> NativeSubstrate::Acquire(const Deployment& deployment,
                                              const AcquireOptions& options) {
  RuntimeCapabilities capabilities = Capabilities(deployment.runtime);
  if (capabilities.runtime_version.empty()) {
    return Fail("deployment '{}': {} is unavailable here: {}", deployment.name,
                ToString(deployment.runtime),
                capabilities.capabilities[CapabilityKind::kWorldNetwork].reason);
  }
  if (deployment.network == NetworkMode::kHost) {
    return Fail(
        "deployment '{}': the native substrate never runs a wrapper on the machine's "
        "own network; write 'network: world' (or none)",
        deployment.name);
  }
  if (deployment.proxies.egress) {
    return Fail("deployment '{}': {}", deployment.name,
                capabilities.capabilities[CapabilityKind::kEgressProxy].reason);
  }
  std::filesystem::path home = deployment.wrapper.home;
  if (!home.is_absolute() || !std::filesystem::is_directory(home / "project")) {
    return Fail(
        "deployment '{}': the host user's home '{}' is not a fake host's home with a "
        "project/ (sandcheck run resolves ${{host_home}})",
        deployment.name, home.string());
  }

  std::string id =
      ResourceName(config_.run_id, fmt::format("{}-{}", options.purpose, ++sandbox_counter_));
  CleanupStack teardown;
  std::shared_ptr<const WorldLink> link;
  std::string netns;
  Status joined = [&]() -> Status {
    if (deployment.network == NetworkMode::kWorld) {
      ASSIGN_OR_RETURN(World * world, EnsureWorld());
      ASSIGN_OR_RETURN(World::Attachment attachment, world->AttachSandbox(id));
      auto ns = std::make_shared<NetNamespace>(std::move(attachment.ns));
      netns = ns->name();
      teardown.Push("delete network namespace " + netns, [ns] { return ns->Delete(); });
      RETURN_IF_ERROR(GiveNamespaceTheWorldsNames(netns, *world_services_));
      link = std::make_shared<const WorldLink>(*world, *world_services_, attachment.address,
                                               std::nullopt, "");
      return Status::Ok();
    }
    ASSIGN_OR_RETURN(NetNamespace created,
                     NetNamespace::Create(id, netns_registry(), config_.timeouts.runtime_command));
    auto ns = std::make_shared<NetNamespace>(std::move(created));
    netns = ns->name();
    teardown.Push("delete network namespace " + netns, [ns] { return ns->Delete(); });
    return ns->IpBatch({"link set lo up"});
  }();
  if (!joined.ok()) {
    Status undone = teardown.RunAll();
    return Fail("acquire {} ({}) for deployment '{}': {}{}", id, ToString(deployment.runtime),
                deployment.name, joined.message(),
                undone.ok() ? "" : "; cleanup failed too: " + undone.message());
  }
  // A working directory of its own in the project: srt prepares protected paths there
  // (.claude, .git/hooks) at each wrap, and two sandboxes wrapping at once must not race.
  std::filesystem::path workdir = home / "project" / id;
  std::error_code ec;
  std::filesystem::create_directories(workdir, ec);
  if (ec || ::chown(workdir.c_str(), deployment.user.uid, deployment.user.gid) != 0) {
    return Fail("acquire {}: create the working directory {}: {}", id, workdir.string(),
                ec ? ec.message() : std::strerror(errno));
  }
  teardown.Push("remove " + workdir.string(), [workdir] {
    std::error_code ignored;
    std::filesystem::remove_all(workdir, ignored);
    return Status::Ok();
  });
  WrapperInvocation invocation{.netns = netns,
                               .host_environment = HostEnvironment(),
                               .home = home,
                               .probe = probe_,
                               .srt = {"node", config_.srt_cli.string()}};
  SC_DEBUG("sandbox {} ready ({} in network namespace {})", id, ToString(deployment.runtime),
           netns);
  return SandboxLease(std::make_unique<NativeSandbox>(id, deployment, std::move(invocation),
                                                      workdir, std::move(teardown),
                                                      config_.timeouts.exec, std::move(link)));
}

Status NativeSubstrate::SweepAbandoned() {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir(), ec)) {
    auto run = RunId::Parse(entry.path().filename().string());
    if (run.ok() && RunLock::IsAbandoned(config_.state_dir / "locks", *run)) {
      std::filesystem::remove_all(entry.path(), ec);
    }
  }
  return SweepAbandonedWorlds(netns_registry(), config_.state_dir / "locks",
                              config_.timeouts.runtime_command);
}

std::map<std::string, std::string> NativeSubstrate::EnvironmentFacts(
    const std::vector<Deployment>& deployments) {
  std::map<std::string, std::string> facts;
  for (const Deployment& deployment : deployments) {
    if (deployment.runtime == RuntimeKind::kSrt) {
      facts["sandbox-runtime"] =
          fmt::format("@anthropic-ai/sandbox-runtime {}", SandboxRuntimeVersion());
      if (auto node = VersionOf({"node", "--version"}); node.ok()) facts["node"] = *node;
    }
  }
  return facts;
}

}  // namespace sandcheck
