#include "suites/all_checks.h"

#include "suites/agent/agent_checks.h"
#include "suites/credential_proxy/credential_proxy_checks.h"
#include "suites/credentials/credential_checks.h"
#include "suites/egress/egress_checks.h"
#include "suites/hooks/hook_checks.h"
#include "suites/isolation/isolation_checks.h"
#include "suites/observability/observability_checks.h"
#include "suites/persistence/persistence_checks.h"

namespace sandcheck {

Result<CheckRegistry> BuildRegistry() {
  CheckRegistry registry;
  RETURN_IF_ERROR(registry.AddAll(HookChecks()));
  RETURN_IF_ERROR(registry.AddAll(CredentialChecks()));
  RETURN_IF_ERROR(registry.AddAll(PersistenceChecks()));
  RETURN_IF_ERROR(registry.AddAll(IsolationChecks()));
  RETURN_IF_ERROR(registry.AddAll(AgentChecks()));
  RETURN_IF_ERROR(registry.AddAll(EgressChecks()));
  RETURN_IF_ERROR(registry.AddAll(CredentialProxyChecks()));
  RETURN_IF_ERROR(registry.AddAll(ObservabilityChecks()));
  return registry;
}

}  // namespace sandcheck
