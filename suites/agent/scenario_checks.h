// The agent family's scenario checks: each runs one fixtures/scenarios/*.yaml against the real
// agent and asserts the containment the scenario expects from evidence on both sides: the
// tool results the model double recorded, and the sandbox as the probe sees it afterwards.
#pragma once

#include <vector>

#include "suites/framework/check.h"

namespace sandcheck {

std::vector<CheckInfo> ScenarioChecks();

// Runs the scenario in `file` (relative to the fixtures directory) as the check's evidence.
CheckResult RunScenario(CheckContext& context, const char* file);

}  // namespace sandcheck
