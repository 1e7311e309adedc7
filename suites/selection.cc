#include "suites/selection.h"

#include <fnmatch.h>

#include <algorithm>
#include <cctype>

namespace sandcheck {
namespace {

std::string Upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

template <typename T>
bool AnyOrEmpty(const std::vector<T>& wanted, const T& value) {
  return wanted.empty() || std::find(wanted.begin(), wanted.end(), value) != wanted.end();
}

}  // namespace

std::optional<Phase> ParsePhase(std::string_view text) {
  for (Phase phase : {Phase::kIsolation, Phase::kObservability, Phase::kPortability}) {
    if (ToString(phase) == text) return phase;
  }
  return std::nullopt;
}

bool Matches(const CheckFilter& filter, const CheckInfo& check) {
  if (!AnyOrEmpty(filter.families, check.family) || !AnyOrEmpty(filter.phases, check.phase)) {
    return false;
  }
  if (filter.id_globs.empty()) return true;
  return std::any_of(filter.id_globs.begin(), filter.id_globs.end(), [&](const std::string& glob) {
    return fnmatch(Upper(glob).c_str(), check.id.c_str(), 0) == 0;
  });
}

std::vector<const CheckInfo*> SelectChecks(const CheckRegistry& registry,
                                           const CheckFilter& filter) {
  std::vector<const CheckInfo*> selected;
  for (const auto& check : registry.checks()) {
    if (Matches(filter, check)) selected.push_back(&check);
  }
  return selected;
}

}  // namespace sandcheck
