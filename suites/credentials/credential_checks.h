// The credentials family: host credentials (planted as canaries, host_canaries.h) must never
// reach the sandbox, through the environment, files, volumes or well-known paths, and a
// credential handed to the entrypoint must be gone before the agent starts.
#pragma once

#include <vector>

#include "suites/framework/check.h"

namespace sandcheck {

std::vector<CheckInfo> CredentialChecks();

}  // namespace sandcheck
