// The Engine API's container-create body of a sandbox, generated from its Deployment. A pure
// function: every mapping is unit-tested (tests/docker/container_spec_test.cc), and nothing
// here talks to an engine.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/deployment.h"
#include "core/result.h"

namespace sandcheck {

// Labels on every object the docker substrate creates; the sweep finds them by kRunLabel.
inline constexpr std::string_view kRunLabel = "io.sandcheck.run";
inline constexpr std::string_view kDeploymentLabel = "io.sandcheck.deployment";
// The state directory whose run locks prove the run alive: a sweep only ever judges objects of
// its own state directory (another directory's live runs hold their locks elsewhere).
inline constexpr std::string_view kStateLabel = "io.sandcheck.state";

struct ContainerSpecInputs {
  std::string image_id;
  std::string run_id;
  std::string state_dir;       // kStateLabel
  std::string engine_runtime;  // HostConfig.Runtime, from the runtime profile
  // The engine volume behind each of the deployment's volume names.
  std::map<std::string, std::string> volume_names;
};

// POST /containers/create body. Fails for settings the docker substrate cannot express.
Result<nlohmann::json> ContainerSpec(const Deployment& deployment,
                                     const ContainerSpecInputs& inputs);

// "PATH=..", "HOME=..", then the deployment's variables, then `extra`: the environment of the
// init and of every exec.
std::vector<std::string> SandboxEnvironment(const Deployment& deployment, uint32_t uid,
                                            const std::map<std::string, std::string>& extra = {});

// `argv` as the agent's process runs it: with env_unset_before_exec, busybox env drops the
// handed-over variables first, since every exec inherits the container's Env and only the
// entrypoint may see them (seed 003's agent is the entrypoint's child).
std::vector<std::string> AsTheAgent(const Deployment& deployment,
                                    const std::vector<std::string>& argv);

// The tmpfs option string docker takes: every flag spelled out, since the engine otherwise
// adds noexec,nosuid,nodev of its own.
std::string TmpfsOptions(const TmpfsMount& tmpfs);

}  // namespace sandcheck
