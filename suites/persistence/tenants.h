// How a deployment says its volumes belong to one tenant: the token ${tenant} in a volume's
// name ("claude-${tenant}"). Each tenant's sandboxes get the token replaced by the tenant's
// name, so tenants' volumes differ exactly where the deployment put the token; a volume
// without it is shared by every tenant. Substrates take the name as it is: a sandbox started
// for no particular tenant uses the volume whose name holds the literal token.
#pragma once

#include <string_view>

#include "core/deployment.h"

namespace sandcheck {

inline constexpr std::string_view kTenantToken = "${tenant}";

// Whether any volume name holds ${tenant}: the deployment promises per-tenant volumes.
bool IsMultiTenant(const Deployment& deployment);

// The deployment as `tenant` runs it: ${tenant} replaced in every volume name.
Deployment ForTenant(Deployment deployment, std::string_view tenant);

}  // namespace sandcheck
