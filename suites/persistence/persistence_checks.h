// The persistence family: what must outlive a sandbox (Claude Code's ~/.claude, the
// workspace), what must not (/tmp), what tenants must not share, and what the host must see.
// A deployment that assigns the family a phase promises the seeds' layout: ~/.claude and
// /workspace persist, /tmp and other tmpfs paths do not. Tenant isolation is promised by a
// ${tenant} in a volume name (tenants.h), host visibility by a bind mount at /workspace.
#pragma once

#include <vector>

#include "suites/framework/check.h"

namespace sandcheck {

inline constexpr char kWorkspacePath[] = "/workspace";

std::vector<CheckInfo> PersistenceChecks();

}  // namespace sandcheck
