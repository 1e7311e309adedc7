// `sandcheck validate FILE...`: parse and validate deployment files without starting anything.
#include <fmt/format.h>

#include "core/deployment_parser.h"
#include "tools/sandcheck/command.h"
#include "tools/sandcheck/options.h"
#include "tools/sandcheck/substrate_options.h"

namespace sandcheck::cli {

int ValidateCommand(const std::vector<std::string>& args) {
  po::options_description options("validate options");
  options.add_options()("file", po::value<std::vector<std::string>>()->required(),
                        "deployment file(s)");
  po::positional_options_description positional;
  positional.add("file", -1);
  int exit_code = kExitOk;
  auto vars = ParseOptions("validate", "FILE...", options, positional, args, exit_code);
  if (!vars) return exit_code;

  int invalid = 0;
  for (const auto& file : (*vars)["file"].as<std::vector<std::string>>()) {
    auto deployment = ParseDeploymentFile(file, SubstrateTraitsCatalog());
    // A file this build could not run is not ok here either: kind and kina are refused now.
    if (deployment.ok()) {
      if (auto substrate = CommonSubstrate({*deployment}); !substrate.ok()) {
        deployment = substrate.error();
      }
    }
    if (deployment.ok()) {
      fmt::print("{}: ok ({} on {}, runtime {})\n", file, deployment->name,
                 ToString(deployment->substrate), ToString(deployment->runtime));
    } else {
      fmt::print(stderr, "{}\n", deployment.message());
      ++invalid;
    }
  }
  return invalid == 0 ? kExitOk : kExitUsage;
}

}  // namespace sandcheck::cli
