// The OCI runtime configuration (config.json) of a sandbox, generated from its Deployment.
// Pure functions: the same deployment always gives the same document, and nothing here
// touches a runtime, so every mapping is unit-tested.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/deployment.h"
#include "core/result.h"

namespace sandcheck {

// Parent of every sandbox cgroup: /sandcheck/<container-id>, so the run id is in the path.
inline constexpr std::string_view kCgroupParent = "sandcheck";
inline constexpr std::string_view kDefaultPath =
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

struct BundleConfigInputs {
  std::string container_id;
  std::filesystem::path volumes_dir;      // named volume <name> is <volumes_dir>/<name>
  std::filesystem::path world_namespace;  // network: world joins it (clusters/world)
};

// config.json for `deployment`. Fails for settings the oci substrate cannot express.
Result<nlohmann::json> BundleConfig(const Deployment& deployment, const BundleConfigInputs& inputs);

// The "process" object: for config.json, and for `exec --process` so that commands run
// inside carry the same user, capabilities and no_new_privileges as the sandbox's init.
// Its environment is the agent's: the deployment's env without env_unset_before_exec, then
// extra_env.
nlohmann::json ProcessConfig(const Deployment& deployment, const std::vector<std::string>& args,
                             const UserSpec& user,
                             const std::map<std::string, std::string>& extra_env = {});

// The cgroupsPath of a container: "/sandcheck/<container-id>".
std::string CgroupsPath(const std::string& container_id);

// HOME of a user in the recipes' /etc/passwd.
std::string HomeOf(uint32_t uid);
// HOME of the deployment's processes: the HOME its env declares (the home of a user the
// seed's image creates and sandcheck's recipes do not), else HomeOf its uid.
std::string SandboxHome(const Deployment& deployment);

}  // namespace sandcheck
