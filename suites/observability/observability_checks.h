// Observability (OBS-0xx): every request the sandbox makes is in the proxy's flow log, and
// nothing reaches a host unlogged, judged from the egress exercise. docs/egress.md.
#pragma once

#include <vector>

#include "suites/framework/check.h"

namespace sandcheck {

std::vector<CheckInfo> ObservabilityChecks();

}  // namespace sandcheck
