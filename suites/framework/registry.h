// The registry of checks. Families hand in explicit lists (see all_checks.h) instead of
// registering from static initialisers, whose order across files is unspecified.
#pragma once

#include <string_view>
#include <vector>

#include "core/result.h"
#include "suites/framework/check.h"

namespace sandcheck {

class CheckRegistry {
 public:
  // Rejects a malformed id, a duplicate id, a missing MUST statement, rationale,
  // remediation or function, and a check without a negative control.
  Status Add(CheckInfo check);
  Status AddAll(std::vector<CheckInfo> checks);

  // Null when no check has that id. Pointers stay valid until the next Add.
  const CheckInfo* Find(std::string_view id) const;
  // Sorted by id.
  const std::vector<CheckInfo>& checks() const { return checks_; }

 private:
  std::vector<CheckInfo> checks_;
};

}  // namespace sandcheck
