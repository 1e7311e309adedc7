// AGENT-006: the real agent reaches the model API through the deployment's egress proxy, and
// the API key the model API receives is the one the credential proxy adds on the way out.
#pragma once

#include "suites/framework/check.h"
#include "suites/framework/check_context.h"

namespace sandcheck {

CheckResult ModelReachedThroughProxies(CheckContext& context);

}  // namespace sandcheck
