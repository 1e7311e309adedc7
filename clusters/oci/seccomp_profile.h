// The seccomp section of a bundle: the default profile for `runtime-default` (a deny list
// in the spirit of Docker's, kept as data in data/default_seccomp.json), nothing for
// `unconfined`, and the deployment's own file for `profile`.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "core/deployment.h"
#include "core/result.h"

namespace sandcheck {

// The default profile: allow everything except the listed syscalls, which fail with EPERM
// (clone3 with ENOSYS, so libc falls back to clone, whose namespace flags are denied).
const nlohmann::json& DefaultSeccompProfile();

// The seccomp object for config.json, or nullopt when the deployment runs unconfined.
Result<std::optional<nlohmann::json>> SeccompSection(const Deployment& deployment);

}  // namespace sandcheck
