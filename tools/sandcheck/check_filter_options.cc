#include "tools/sandcheck/check_filter_options.h"

#include <fmt/ranges.h>

namespace sandcheck::cli {

void AddCheckFilterOptions(po::options_description& options) {
  using Names = std::vector<std::string>;
  options.add_options()("family", po::value<Names>()->composing(),
                        "only this family (repeatable): isolation, credentials, persistence, "
                        "hooks, egress, observability, agent")(
      "phase", po::value<Names>()->composing(),
      "only this phase (repeatable): isolation, observability, portability")(
      "id", po::value<Names>()->composing(),
      "only ids matching this glob (repeatable), e.g. 'ISO-*'")(
      "filter", po::value<Names>()->composing(),
      "id globs separated by ':', '-' before a glob excludes it, e.g. 'ISO-*:CRED-*:-CRED-004'");
}

Result<CheckFilter> CheckFilterFromOptions(const po::variables_map& vars) {
  using Names = std::vector<std::string>;
  CheckFilter filter;
  if (vars.count("family")) {
    for (const auto& name : vars["family"].as<Names>()) {
      auto family = ParseFamily(name);
      if (!family) {
        std::vector<std::string_view> known;
        for (Family f : AllFamilies()) known.push_back(ToString(f));
        return Fail("unknown family '{}'. fix: use one of {}", name, fmt::join(known, ", "));
      }
      filter.families.push_back(*family);
    }
  }
  if (vars.count("phase")) {
    for (const auto& name : vars["phase"].as<Names>()) {
      auto phase = ParsePhase(name);
      if (!phase) {
        return Fail("unknown phase '{}'. fix: use isolation, observability or portability", name);
      }
      filter.phases.push_back(*phase);
    }
  }
  if (vars.count("id")) filter.id_globs = vars["id"].as<Names>();
  if (vars.count("filter")) {
    for (const auto& expression : vars["filter"].as<Names>())
      AddFilterExpression(expression, filter);
  }
  return filter;
}

}  // namespace sandcheck::cli
