// A copy of a RunReport with every string passed through a Redactor built from its secret
// list. Writers only ever see this copy, so no writer can forget to redact a field.
#pragma once

#include "reports/redactor.h"
#include "reports/run_report.h"

namespace sandcheck::reports {

RunReport RedactReport(const RunReport& report);

}  // namespace sandcheck::reports
