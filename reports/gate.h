// The CI gate: the exit code a run earns from its verdicts.
#pragma once

#include "reports/run_report.h"

namespace sandcheck::reports {

// 0 when every result passed or was not applicable; 1 when any failed or errored, or, with
// `fail_on_skip`, was skipped. Skips never pass silently: without the flag they are still
// counted and shown in every report, just not gated on.
int GateExitCode(const RunReport& report, bool fail_on_skip);

}  // namespace sandcheck::reports
