// The credential proxy (CREDP-0xx): the key is added on the way out and never held by the
// sandbox, judged from the egress exercise (suites/egress/exercise.h). docs/egress.md.
#pragma once

#include <vector>

#include "suites/framework/check.h"

namespace sandcheck {

std::vector<CheckInfo> CredentialProxyChecks();

}  // namespace sandcheck
