// Judges of the proxy's flow log (the three-phase seed's phase 02): every request is in it, and
// it is the whole truth: what the world's hosts received matches it exactly.
#pragma once

#include "suites/egress/exercise.h"

namespace sandcheck::egress {

CheckResult JudgeEveryRequestLogged(const Exercise& exercise, ResultBuilder& result);  // OBS-001
CheckResult JudgeNoUnloggedTraffic(const Exercise& exercise, ResultBuilder& result);   // OBS-002

}  // namespace sandcheck::egress
