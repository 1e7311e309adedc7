#include "core/family.h"

namespace sandcheck {

std::string_view ToString(Family family) {
  switch (family) {
    case Family::kIsolation:
      return "isolation";
    case Family::kCredentials:
      return "credentials";
    case Family::kPersistence:
      return "persistence";
    case Family::kHooks:
      return "hooks";
    case Family::kEgress:
      return "egress";
    case Family::kObservability:
      return "observability";
    case Family::kAgent:
      return "agent";
  }
  return "?";
}

std::optional<Family> ParseFamily(std::string_view text) {
  for (Family family : AllFamilies()) {
    if (ToString(family) == text) return family;
  }
  return std::nullopt;
}

}  // namespace sandcheck
