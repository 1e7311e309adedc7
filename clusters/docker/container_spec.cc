#include "clusters/docker/container_spec.h"

#include <fmt/format.h>

#include <cmath>

#include "clusters/oci/bundle_config.h"
#include "clusters/oci/entrypoint_args.h"
#include "clusters/substrate.h"
#include "core/fs_util.h"

namespace sandcheck {
namespace {

using nlohmann::json;

Result<std::string> EngineNetworkMode(NetworkMode network) {
  switch (network) {
    case NetworkMode::kNone:
      return std::string("none");
    case NetworkMode::kHost:
      return std::string("host");
    case NetworkMode::kWorld:
      // An empty namespace of the engine's; the substrate wires it to the world after start.
      return std::string("none");
  }
  return Fail("unknown network mode");
}

Result<json> EngineMounts(const Deployment& deployment, const ContainerSpecInputs& inputs) {
  json mounts = json::array();
  for (const auto& bind : deployment.binds) {
    if (!bind.source.is_absolute()) {
      return Fail("bind source {} is not absolute", bind.source.string());
    }
    mounts.push_back({{"Type", "bind"},
                      {"Source", bind.source.string()},
                      {"Target", bind.target},
                      {"ReadOnly", bind.read_only},
                      {"BindOptions", {{"Propagation", "rprivate"}}}});
  }
  for (const auto& volume : deployment.volumes) {
    auto it = inputs.volume_names.find(volume.name);
    if (it == inputs.volume_names.end()) {
      return Fail("no engine volume for the deployment's volume '{}'", volume.name);
    }
    mounts.push_back({{"Type", "volume"}, {"Source", it->second}, {"Target", volume.target}});
  }
  return mounts;
}

Result<json> SecurityOptions(const Deployment& deployment) {
  json options = json::array();
  if (deployment.no_new_privileges) options.push_back("no-new-privileges:true");
  switch (deployment.seccomp) {
    case SeccompMode::kRuntimeDefault:
      break;  // the engine's default profile
    case SeccompMode::kUnconfined:
      options.push_back("seccomp=unconfined");
      break;
    case SeccompMode::kProfile: {
      // The API takes the profile's content, not a path (the CLI reads the file for you).
      ASSIGN_OR_RETURN(std::string profile,
                       WithContext(ReadFile(deployment.seccomp_profile), "seccomp profile"));
      options.push_back("seccomp=" + profile);
      break;
    }
  }
  return options;
}

}  // namespace

std::vector<std::string> SandboxEnvironment(const Deployment& deployment, uint32_t uid,
                                            const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> env = {{"PATH", std::string(kDefaultPath)},
                                            {"HOME", HomeOf(uid)}};
  for (const auto& [key, value] : deployment.env) env[key] = value;
  for (const auto& [key, value] : extra) env[key] = value;
  std::vector<std::string> entries;
  for (const auto& [key, value] : env) entries.push_back(key + "=" + value);
  return entries;
}

std::vector<std::string> AsTheAgent(const Deployment& deployment,
                                    const std::vector<std::string>& argv) {
  if (deployment.env_unset_before_exec.empty()) return argv;
  std::vector<std::string> wrapped = {"/bin/busybox", "env"};
  for (const auto& variable : deployment.env_unset_before_exec) {
    wrapped.insert(wrapped.end(), {"-u", variable});
  }
  wrapped.push_back("--");
  wrapped.insert(wrapped.end(), argv.begin(), argv.end());
  return wrapped;
}

std::string TmpfsOptions(const TmpfsMount& tmpfs) {
  std::string options =
      fmt::format("rw,{},{},{},mode={:o}", tmpfs.noexec ? "noexec" : "exec",
                  tmpfs.nosuid ? "nosuid" : "suid", tmpfs.nodev ? "nodev" : "dev", tmpfs.mode);
  if (tmpfs.size_bytes > 0) options += fmt::format(",size={}", tmpfs.size_bytes);
  return options;
}

Result<json> ContainerSpec(const Deployment& deployment, const ContainerSpecInputs& inputs) {
  // Seed 003's entrypoint when credentials are handed over (clusters/oci/entrypoint_args.h):
  // its ready line on stderr tells the substrate the variables are gone from PID 1.
  bool entrypoint = !deployment.env_unset_before_exec.empty();
  json log_config = entrypoint ? json{{"Type", "json-file"}, {"Config", json::object()}}
                               : json{{"Type", "none"}, {"Config", json::object()}};
  ASSIGN_OR_RETURN(std::string network, EngineNetworkMode(deployment.network));
  ASSIGN_OR_RETURN(json mounts, EngineMounts(deployment, inputs));
  ASSIGN_OR_RETURN(json security, SecurityOptions(deployment));

  json tmpfs = json::object();
  for (const auto& mount : deployment.tmpfs) tmpfs[mount.path] = TmpfsOptions(mount);
  json groups = json::array();
  for (uint32_t gid : deployment.user.additional_gids) groups.push_back(std::to_string(gid));

  json host = {
      {"Runtime", inputs.engine_runtime},
      {"NetworkMode", network},
      {"ReadonlyRootfs", deployment.read_only_root},
      {"Tmpfs", tmpfs},
      {"Mounts", mounts},
      {"CapDrop", deployment.capabilities_drop},
      {"CapAdd", deployment.capabilities_add},
      {"SecurityOpt", security},
      {"GroupAdd", groups},
      {"Privileged", deployment.privileged},
      {"PidMode", deployment.host_pid ? "host" : ""},
      {"Init", false},
      // The idle init writes nothing worth keeping; the entrypoint's log goes with the
      // container.
      {"LogConfig", log_config},
  };
  if (deployment.limits.memory_bytes) {
    host["Memory"] = *deployment.limits.memory_bytes;
    host["MemorySwap"] = *deployment.limits.memory_bytes;  // docker's default doubles it with swap
  }
  if (deployment.limits.cpus) {
    host["NanoCpus"] = static_cast<int64_t>(std::llround(*deployment.limits.cpus * 1e9));
  }
  if (deployment.limits.pids) host["PidsLimit"] = *deployment.limits.pids;

  return json{
      {"Image", inputs.image_id},
      {"Cmd", InitArgs(deployment)},
      {"Entrypoint", json::array()},
      {"User", fmt::format("{}:{}", deployment.user.uid, deployment.user.gid)},
      {"Hostname", deployment.hostname},
      {"WorkingDir", deployment.workdir.empty() ? "/" : deployment.workdir},
      {"Env", SandboxEnvironment(deployment, deployment.user.uid)},
      {"Labels",
       {{kRunLabel, inputs.run_id},
        {kStateLabel, inputs.state_dir},
        {kDeploymentLabel, deployment.name}}},
      {"AttachStdin", false},
      {"AttachStdout", false},
      {"AttachStderr", false},
      {"Tty", false},
      {"OpenStdin", false},
      {"HostConfig", host},
  };
}

}  // namespace sandcheck
