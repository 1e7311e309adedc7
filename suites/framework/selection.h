// Choosing checks for the CLI: `sandcheck list --family hooks --phase isolation --id 'HOOK-*'`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/deployment.h"
#include "suites/framework/registry.h"

namespace sandcheck {

// Empty lists select everything; within a list any entry may match (or), across lists all
// must (and).
struct CheckFilter {
  std::vector<Family> families;
  std::vector<Phase> phases;
  std::vector<std::string> id_globs;           // shell globs, case-insensitive: "HOOK-*", "iso-00?"
  std::vector<std::string> excluded_id_globs;  // a check matching one is never selected
};

// Adds a filter expression to `filter`: ':'-separated id globs, those starting with '-'
// excluded (ids contain '-', so GoogleTest's "POS-NEG" form would be ambiguous):
// "ISO-*:CRED-*:-CRED-004" selects isolation and credential checks except CRED-004.
void AddFilterExpression(std::string_view expression, CheckFilter& filter);

std::optional<Phase> ParsePhase(std::string_view text);

bool Matches(const CheckFilter& filter, const CheckInfo& check);
// In id order.
std::vector<const CheckInfo*> SelectChecks(const CheckRegistry& registry,
                                           const CheckFilter& filter);

}  // namespace sandcheck
