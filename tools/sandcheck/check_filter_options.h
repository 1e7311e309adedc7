// The --family/--phase/--id options shared by `list` and `run`.
#pragma once

#include "core/result.h"
#include "suites/framework/selection.h"
#include "tools/sandcheck/options.h"

namespace sandcheck::cli {

void AddCheckFilterOptions(po::options_description& options);
// Rejects unknown family or phase names, listing the allowed ones.
Result<CheckFilter> CheckFilterFromOptions(const po::variables_map& vars);

}  // namespace sandcheck::cli
