// ISO-010: which mounts a sandbox may show. Every mount must be the root filesystem, one the
// deployment declares (tmpfs, bind, volume, or below a bind), or one of the runtime's standard
// set (/proc, /dev, /sys and their usual children, /etc/hostname|hosts|resolv.conf). None may
// expose a home directory or credential store of the host.
#pragma once

#include <string>
#include <vector>

#include "suites/isolation/observation.h"

namespace sandcheck::isolation {

// Names under a home directory that hold credentials; their presence under a mounted directory
// means a host home (or part of one) is mounted.
const std::vector<std::string>& CredentialStoreNames();

// The in-sandbox paths the probe stats (--exists) for ISO-010: each declared bind or volume
// target, and each credential store name under it.
std::vector<std::string> CredentialPaths(const Deployment& deployment);

// Why a mount is allowed ("root filesystem", "declared bind ...", "runtime standard /proc"),
// or empty when it is not.
std::string ClassifyMount(const Deployment& deployment, const std::string& mount_point,
                          const std::string& fs_type,
                          const std::vector<HarnessMount>& harness_mounts = {});

Result<Judgement> JudgeDeclaredMounts(const Observation& observation);

}  // namespace sandcheck::isolation
