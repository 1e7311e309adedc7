// The hooks family: managed settings and PreToolUse hooks that a deployment relies on to
// stop the agent, checked from inside the sandbox as the agent user.
#pragma once

#include <vector>

#include "suites/framework/check.h"

namespace sandcheck {

std::vector<CheckInfo> HookChecks();

// The corpora the corpus checks feed to the hooks, relative to the fixtures directory.
inline constexpr char kDangerousCorpus[] = "hooks/corpus/dangerous.yaml";
inline constexpr char kBenignCorpus[] = "hooks/corpus/benign.yaml";

}  // namespace sandcheck
