// How a `network: world` container joins the run's world. The engine makes the container's
// network namespace itself (NetworkMode none), so it cannot join a namespace by path as an oci
// sandbox does. Instead JoinWorld (clusters/world/join_world.h) stages the sandbox's link -- on
// the hub, or to its own proxy -- in a namespace of its own before the container is created,
// and gives the deployment the binds and environment that come with it (resolv.conf, hosts,
// the proxy's variables and CA). Once the container runs, MoveWorldLink moves that link into
// the container's namespace. Same world, same proxy code, one extra step.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

#include "clusters/world/net_namespace.h"

namespace sandcheck {

// Names the network namespace process `pid` runs in `name` (recorded in `registry` for the
// sweep) and moves eth0 of the namespace at `staged` into it with its IPv4 addresses and
// routes. IPv6 stays as the engine left the container: disabled (docs/docker-substrate.md).
// The caller owns the returned name and drops it once the container is gone.
Result<NetNamespace> MoveWorldLink(const std::filesystem::path& staged, pid_t pid, std::string name,
                                   const std::filesystem::path& registry, Duration timeout);

}  // namespace sandcheck
