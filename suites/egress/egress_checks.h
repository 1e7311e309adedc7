// The egress family (EGR-0xx), the credential proxy (CREDP-0xx) and observability (OBS-0xx):
// what leaves a `network: world` sandbox, judged from the egress exercise (exercise.h) and
// what the world's hosts received. docs/egress.md.
#pragma once

#include <vector>

#include "suites/check.h"

namespace sandcheck {

std::vector<CheckInfo> EgressChecks();
std::vector<CheckInfo> CredentialProxyChecks();
std::vector<CheckInfo> ObservabilityChecks();

}  // namespace sandcheck
