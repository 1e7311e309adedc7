#include "suites/framework/selection.h"

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
  auto matches = [&](const std::string& glob) {
    return fnmatch(Upper(glob).c_str(), check.id.c_str(), 0) == 0;
  };
  if (std::any_of(filter.excluded_id_globs.begin(), filter.excluded_id_globs.end(), matches)) {
    return false;
  }
  return filter.id_globs.empty() ||
         std::any_of(filter.id_globs.begin(), filter.id_globs.end(), matches);
}

void AddFilterExpression(std::string_view expression, CheckFilter& filter) {
  while (!expression.empty()) {
    auto colon = expression.find(':');
    std::string_view glob = expression.substr(0, colon);
    if (glob.starts_with('-')) {
      if (glob.size() > 1) filter.excluded_id_globs.emplace_back(glob.substr(1));
    } else if (!glob.empty()) {
      filter.id_globs.emplace_back(glob);
    }
    if (colon == std::string_view::npos) break;
    expression.remove_prefix(colon + 1);
  }
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
