// results.json: the whole run as versioned JSON for scripts and dashboards. The format is
// described by reports/schema/results.schema.json; kResultsSchemaVersion changes only when a
// field is removed or changes meaning (additions keep the version).
#pragma once

#include <nlohmann/json.hpp>

#include "reports/report_options.h"
#include "reports/run_report.h"

namespace sandcheck::reports {

inline constexpr int kResultsSchemaVersion = 1;

// The document for a validated, redacted report that earned `exit_code`.
nlohmann::json ResultsJson(const RunReport& report, int exit_code, const ReportOptions& options);

}  // namespace sandcheck::reports
