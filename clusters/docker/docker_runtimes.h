// What the docker substrate knows about each runtime, as data: which runtime name dockerd
// knows it by for each network mode (runsc's network quirk lives in daemon.json's
// runtimeArgs, see ci/docker-daemon.json), how slow it is, and what it can promise.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "clusters/substrate.h"
#include "core/deployment.h"

namespace sandcheck {

struct DockerRuntimeProfile {
  RuntimeKind kind;
  // HostConfig.Runtime by the container's network mode; a missing mode is refused.
  std::map<NetworkMode, std::string> engine_runtime;
  double timeout_scale = 1.0;
  std::map<CapabilityKind, Capability> capabilities;
};

// runc and runsc.
const std::vector<DockerRuntimeProfile>& DockerRuntimeProfiles();
// nullptr for runtimes the docker substrate cannot drive (crun, kata).
const DockerRuntimeProfile* FindDockerRuntimeProfile(RuntimeKind kind);

}  // namespace sandcheck
