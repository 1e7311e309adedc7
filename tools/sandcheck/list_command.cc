// `sandcheck list [--family F] [--phase P] [--id GLOB] [--json]`: the checks sandcheck ships.
#include <fmt/format.h>

#include "suites/all_checks.h"
#include "suites/framework/explain.h"
#include "tools/sandcheck/check_filter_options.h"
#include "tools/sandcheck/command.h"
#include "tools/sandcheck/options.h"

namespace sandcheck::cli {

int ListCommand(const std::vector<std::string>& args) {
  po::options_description options("list options");
  AddCheckFilterOptions(options);
  options.add_options()("json", "print the checks as a JSON array");
  int exit_code = kExitOk;
  auto vars = ParseOptions("list", "[--family F] [--phase P] [--id GLOB] [--json]", options, {},
                           args, exit_code);
  if (!vars) return exit_code;

  auto filter = CheckFilterFromOptions(*vars);
  if (!filter.ok()) {
    fmt::print(stderr, "sandcheck list: {}\n", filter.message());
    return kExitUsage;
  }
  auto registry = BuildRegistry();
  if (!registry.ok()) {
    fmt::print(stderr, "sandcheck list: {}\n", registry.message());
    return kExitHarness;
  }
  auto checks = SelectChecks(*registry, *filter);
  if (vars->count("json")) {
    auto array = nlohmann::json::array();
    for (const CheckInfo* check : checks) array.push_back(CheckInfoJson(*check));
    fmt::print("{}\n", array.dump(2));
  } else {
    fmt::print("{}", FormatCheckList(checks));
    fmt::print(stderr, "{} of {} checks\n", checks.size(), registry->checks().size());
  }
  return kExitOk;
}

}  // namespace sandcheck::cli
