// What a scenario's sandbox leaves running on its host: processes whose command line carries
// the scenario's marker, as the sandbox's host view lists them. A background process the agent
// starts may run as long as its sandbox does; after the sandbox's teardown none may be left.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "clusters/host_view.h"
#include "clusters/substrate.h"
#include "core/timeouts.h"

namespace sandcheck {

// Problems after tearing `sandbox` down: a process carrying `marker` that still runs on the
// sandbox's host (waited for up to `timeout`: a killed namespace's processes die
// asynchronously). Each one found is killed by its pid, since this run's sandbox started it.
// Requires that such a process ran before the teardown, else there is nothing to judge (an error).
Result<std::vector<std::string>> LeftoversAfterTeardown(Sandbox& sandbox, const std::string& marker,
                                                        Duration timeout, nlohmann::json& evidence);

}  // namespace sandcheck
