// report.html: one self-contained page for a reviewer, opened from CI artifacts or a laptop
// with no network. Inline CSS, JS and SVG only; a Content-Security-Policy forbids every
// fetch, so even a string that slipped past escaping could load nothing.
#pragma once

#include <string>

#include "reports/report_options.h"
#include "reports/run_report.h"

namespace sandcheck::reports {

// The page for a validated, redacted report that earned `exit_code`.
std::string HtmlReport(const RunReport& report, int exit_code, const ReportOptions& options);

}  // namespace sandcheck::reports
