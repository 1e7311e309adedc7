// Judges of the credential proxy: the key stays on the host side and reaches only the hosts it
// is for.
#pragma once

#include "suites/egress/exercise.h"

namespace sandcheck::egress {

CheckResult KeyNeverInSandbox(CheckContext& context);                                  // CREDP-001
CheckResult JudgeKeyInjectedByProxy(const Exercise& exercise, ResultBuilder& result);  // CREDP-002
CheckResult JudgeKeyOnlyToItsHosts(const Exercise& exercise, ResultBuilder& result);   // CREDP-003

}  // namespace sandcheck::egress
