// The egress family (EGR-0xx): what leaves a `network: world` sandbox, judged from the egress
// exercise (exercise.h) and what the world's hosts received. docs/egress.md.
#pragma once

#include <vector>

#include "suites/framework/check.h"

namespace sandcheck {

std::vector<CheckInfo> EgressChecks();

}  // namespace sandcheck
