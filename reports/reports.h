// The reports of a run, in one call: junit.xml for CI test tabs, report.html for reviewers,
// results.json for scripts, results.sarif for code scanning. The exit code the CI gate
// uses comes from GateExitCode (gate.h) and is recorded in the reports.
#pragma once

#include <filesystem>

#include "core/result.h"
#include "reports/gate.h"
#include "reports/report_options.h"
#include "reports/run_report.h"

namespace sandcheck::reports {

inline constexpr char kJunitFile[] = "junit.xml";
inline constexpr char kHtmlFile[] = "report.html";
inline constexpr char kJsonFile[] = "results.json";
inline constexpr char kSarifFile[] = "results.sarif";

// Validates `report`, redacts it (its secrets, plus Anthropic and GitHub token patterns) and
// writes the four files into `dir`, creating it if needed. Each file is written to a
// temporary name and renamed, so a reader never sees half a report. Fails without writing
// anything when the report is invalid (see Validate in run_report.h).
Status WriteReports(const RunReport& report, const std::filesystem::path& dir,
                    const ReportOptions& options);

}  // namespace sandcheck::reports
