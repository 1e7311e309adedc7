// Timestamps as each report format wants them, always in UTC.
#pragma once

#include <string>

#include "reports/run_report.h"

namespace sandcheck::reports {

// "2026-11-22T17:36:14Z" (RFC 3339; JSON, SARIF, HTML).
std::string Rfc3339Utc(Clock::time_point time);
// "2026-11-22T17:36:14": the Ant JUnit schema forbids a time zone, so this is UTC unmarked.
std::string JunitTimestamp(Clock::time_point time);
// Seconds between two points, e.g. 12.345.
double SecondsBetween(Clock::time_point start, Clock::time_point end);

}  // namespace sandcheck::reports
