#include "suites/credentials/needles.h"

#include <algorithm>
#include <set>

namespace sandcheck {
namespace {

bool UnsetBeforeExec(const Deployment& deployment, const std::string& variable) {
  const auto& unset = deployment.env_unset_before_exec;
  return std::find(unset.begin(), unset.end(), variable) != unset.end();
}

void HandOver(Needle& needle, const Deployment& deployment, const std::string& variable) {
  needle.handed_over_by.push_back(variable);
  needle.unset_before_exec = needle.unset_before_exec || UnsetBeforeExec(deployment, variable);
}

}  // namespace

NeedleCatalog BuildNeedles(const std::vector<Canary>& canaries, const Deployment& deployment) {
  NeedleCatalog catalog;
  for (const Canary& canary : canaries) {
    Needle needle{canary.secret, Describe(canary), /*host_canary=*/true, {}, false};
    for (const auto& [variable, value] : deployment.env) {
      if (value.find(canary.secret) != std::string::npos) HandOver(needle, deployment, variable);
    }
    catalog.needles.push_back(std::move(needle));
  }
  for (const std::string& variable : deployment.env_unset_before_exec) {
    auto value = deployment.env.find(variable);
    if (value == deployment.env.end()) continue;  // nothing handed over, nothing to leak
    bool holds_canary = std::any_of(canaries.begin(), canaries.end(), [&](const Canary& canary) {
      return value->second.find(canary.secret) != std::string::npos;
    });
    if (holds_canary) continue;
    if (value->second.size() < kMinNeedleLength) {
      catalog.too_short.push_back(variable);
      continue;
    }
    Needle needle{value->second, "deployment env " + variable, /*host_canary=*/false, {}, false};
    HandOver(needle, deployment, variable);
    catalog.needles.push_back(std::move(needle));
  }
  return catalog;
}

std::vector<std::string> HandedOverVariables(const NeedleCatalog& catalog) {
  std::set<std::string> variables(catalog.too_short.begin(), catalog.too_short.end());
  for (const Needle& needle : catalog.needles) {
    variables.insert(needle.handed_over_by.begin(), needle.handed_over_by.end());
  }
  return {variables.begin(), variables.end()};
}

}  // namespace sandcheck
