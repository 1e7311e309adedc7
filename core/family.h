// The check families: the kinds of promise a deployment makes. A deployment file assigns each
// family it promises to a phase (PhaseAssignment); every check belongs to one family.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace sandcheck {

enum class Family {
  kIsolation,
  kCredentials,
  kPersistence,
  kHooks,
  kEgress,
  kObservability,
  kAgent
};

// Every family, in the order `sandcheck list` and the reports show them.
constexpr std::array<Family, 7> AllFamilies() {
  return {Family::kIsolation, Family::kCredentials,   Family::kPersistence, Family::kHooks,
          Family::kEgress,    Family::kObservability, Family::kAgent};
}

// "isolation", "credentials", ...: the one spelling of deployment files, filters and reports.
std::string_view ToString(Family family);
std::optional<Family> ParseFamily(std::string_view text);

}  // namespace sandcheck
