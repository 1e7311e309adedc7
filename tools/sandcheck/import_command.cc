// `sandcheck import sbx-kit DIR...`: stacked Docker Sandboxes kits as one deployment file
// (core/import/sbx_kit_deployment.h), written to --out or printed.
#include <fmt/format.h>

#include <fstream>

#include "core/deployment_parser.h"
#include "core/import/sbx_kit_deployment.h"
#include "tools/sandcheck/command.h"
#include "tools/sandcheck/options.h"
#include "tools/sandcheck/substrate_options.h"

namespace sandcheck::cli {

int ImportCommand(const std::vector<std::string>& args) {
  po::options_description options("import options");
  options.add_options()("format", po::value<std::string>()->required(), "what to import: sbx-kit")(
      "dir", po::value<std::vector<std::string>>()->required(),
      "kit directories, stacked in order")(
      "name", po::value<std::string>()->default_value(""),
      "the deployment's name (default: the kits' names joined)")(
      "runtime", po::value<std::string>()->default_value("runsc"), "runc, crun or runsc")(
      "image", po::value<std::string>()->default_value("busybox"), "busybox or claude-code")(
      "out", po::value<std::string>()->default_value(""),
      "write the deployment here (paths relative to it) instead of printing it");
  po::positional_options_description positional;
  positional.add("format", 1).add("dir", -1);
  int exit_code = kExitOk;
  auto vars = ParseOptions("import", "sbx-kit DIR...", options, positional, args, exit_code);
  if (!vars) return exit_code;
  if ((*vars)["format"].as<std::string>() != "sbx-kit") {
    fmt::print(
        stderr,
        "sandcheck import: unknown format '{}'. fix: write sandcheck import sbx-kit DIR...\n",
        (*vars)["format"].as<std::string>());
    return kExitUsage;
  }

  std::vector<SbxKit> kits;
  for (const std::string& dir : (*vars)["dir"].as<std::vector<std::string>>()) {
    auto kit = ReadSbxKit(dir);
    if (!kit.ok()) {
      fmt::print(stderr, "{}\n", kit.message());
      return kExitUsage;
    }
    kits.push_back(std::move(*kit));
  }
  std::filesystem::path out = (*vars)["out"].as<std::string>();
  SbxImportOptions import{.name = (*vars)["name"].as<std::string>(),
                          .runtime = (*vars)["runtime"].as<std::string>(),
                          .image = (*vars)["image"].as<std::string>(),
                          .base_dir = out.empty() ? std::filesystem::path()
                                                  : std::filesystem::absolute(out).parent_path()};
  auto text = ImportSbxKits(kits, import);
  if (!text.ok()) {
    fmt::print(stderr, "sandcheck import: {}\n", text.message());
    return kExitUsage;
  }
  if (out.empty()) {
    fmt::print("{}", *text);
    return kExitOk;
  }
  std::ofstream(out) << *text;
  // What was written must be a deployment sandcheck runs: the parser is the judge.
  auto deployment = ParseDeploymentFile(out, SubstrateTraitsCatalog());
  if (!deployment.ok()) {
    fmt::print(stderr, "{}\n", deployment.message());
    return kExitUsage;
  }
  fmt::print(stderr, "{}: ok ({} on {}, runtime {})\n", out.string(), deployment->name,
             ToString(deployment->substrate), ToString(deployment->runtime));
  return kExitOk;
}

}  // namespace sandcheck::cli
