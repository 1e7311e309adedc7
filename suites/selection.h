// Choosing checks for the CLI: `sandcheck list --family hooks --phase isolation --id 'HOOK-*'`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/deployment.h"
#include "suites/registry.h"

namespace sandcheck {

// Empty lists select everything; within a list any entry may match (or), across lists all
// must (and).
struct CheckFilter {
  std::vector<Family> families;
  std::vector<Phase> phases;
  std::vector<std::string> id_globs;  // shell globs, case-insensitive: "HOOK-*", "iso-00?"
};

std::optional<Phase> ParsePhase(std::string_view text);

bool Matches(const CheckFilter& filter, const CheckInfo& check);
// In id order.
std::vector<const CheckInfo*> SelectChecks(const CheckRegistry& registry,
                                           const CheckFilter& filter);

}  // namespace sandcheck
