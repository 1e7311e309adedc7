// Human text for `sandcheck list` and `sandcheck explain ID`.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "suites/framework/check.h"

namespace sandcheck {

// One aligned line per check: id, family, phase, severity, MUST statement.
std::string FormatCheckList(const std::vector<const CheckInfo*>& checks);

// The MUST statement, rationale, remediation, negative controls and required capabilities.
std::string ExplainCheck(const CheckInfo& check);

// The same facts as data, for `sandcheck list --json`.
nlohmann::json CheckInfoJson(const CheckInfo& check);

}  // namespace sandcheck
