// Runs sandcheck-probe inside a sandbox and parses the JSON document it prints.
// Checks read evidence from this document, never from ad-hoc shell output.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "clusters/substrate.h"
#include "core/result.h"

namespace sandcheck {

// Execs kProbePathInSandbox with `options` as the deployment's user. Fails when the probe
// cannot start, exits non-zero, or prints anything but one JSON object.
Result<nlohmann::json> RunProbe(Sandbox& sandbox, const std::vector<std::string>& options,
                                Duration timeout);

}  // namespace sandcheck
