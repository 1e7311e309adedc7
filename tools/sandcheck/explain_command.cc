// `sandcheck explain ID`: one check's MUST statement, rationale, remediation and controls.
#include <fmt/format.h>

#include "suites/all_checks.h"
#include "suites/framework/explain.h"
#include "tools/sandcheck/command.h"
#include "tools/sandcheck/options.h"

namespace sandcheck::cli {

int ExplainCommand(const std::vector<std::string>& args) {
  po::options_description options("explain options");
  options.add_options()("id", po::value<std::string>()->required(), "check id, e.g. HOOK-001");
  po::positional_options_description positional;
  positional.add("id", 1);
  int exit_code = kExitOk;
  auto vars = ParseOptions("explain", "ID", options, positional, args, exit_code);
  if (!vars) return exit_code;

  auto registry = BuildRegistry();
  if (!registry.ok()) {
    fmt::print(stderr, "sandcheck explain: {}\n", registry.message());
    return kExitHarness;
  }
  std::string id = (*vars)["id"].as<std::string>();
  std::transform(id.begin(), id.end(), id.begin(), ::toupper);
  const CheckInfo* check = registry->Find(id);
  if (check == nullptr) {
    fmt::print(stderr, "sandcheck explain: no check '{}'. fix: see `sandcheck list` for the ids\n",
               id);
    return kExitUsage;
  }
  fmt::print("{}", ExplainCheck(*check));
  return kExitOk;
}

}  // namespace sandcheck::cli
