// Every check sandcheck ships, gathered family by family from explicit lists.
#pragma once

#include "core/result.h"
#include "suites/framework/registry.h"

namespace sandcheck {

// Fails only on a programming error (a duplicate or malformed check), which the registry
// tests catch before release.
Result<CheckRegistry> BuildRegistry();

}  // namespace sandcheck
