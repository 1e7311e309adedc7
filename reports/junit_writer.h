// junit.xml: one <testsuite> per deployment, one <testcase> per check. Valid against both
// the strict Ant schema (windyroad) and the Jenkins xUnit schema, which constrains it to
// their intersection:
//   - <testsuites> carries no attributes (Ant allows none);
//   - each <testsuite> has name, package, id, timestamp (UTC, no zone), hostname, tests,
//     failures, errors, skipped, time, then <properties>, the testcases, <system-out> and
//     <system-err>, in that order;
//   - classnames are "sandcheck.<deployment>.<family>", the deployment name reduced to
//     [A-Za-z0-9_-] (viewers split on dots) and made unique with a "-2" suffix if needed;
//   - a <testcase> holds at most one of <failure>, <error>, <skipped> and nothing else, so
//     the evidence goes in that element's body and per-check output in the suite's
//     <system-out>.
#pragma once

#include <string>

#include "core/result.h"
#include "reports/report_options.h"
#include "reports/run_report.h"

namespace sandcheck::reports {

// The document for a validated, redacted report.
Result<std::string> JunitXml(const RunReport& report, const ReportOptions& options);

}  // namespace sandcheck::reports
