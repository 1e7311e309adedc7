// Judges of the proxy's promises: the allowlist admits and refuses, DNS carries nothing out,
// the proxy's own control port is closed to the sandbox.
#pragma once

#include "suites/egress/exercise.h"

namespace sandcheck::egress {

CheckResult JudgeAllowedThroughProxy(const Exercise& exercise, ResultBuilder& result);  // EGR-006
CheckResult JudgeDeniedRefused(const Exercise& exercise, ResultBuilder& result);        // EGR-007
CheckResult JudgeDnsExfiltration(const Exercise& exercise, ResultBuilder& result);      // EGR-008
CheckResult JudgeAdminPortClosed(const Exercise& exercise, ResultBuilder& result);      // EGR-010

}  // namespace sandcheck::egress
