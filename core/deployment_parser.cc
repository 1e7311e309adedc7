#include "core/deployment_parser.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "core/deployment_parser_decode.h"
#include "core/deployment_parser_diagnostics.h"
#include "core/deployment_parser_load.h"

namespace sandcheck {

Result<Deployment> ParseDeploymentFile(const std::filesystem::path& path,
                                       SubstrateCatalog substrates) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return Fail(
        "{}:1:1: error: this is a directory, not a deployment file. fix: name one of its .yaml "
        "files",
        path.string());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Fail(
        "{}:1:1: error: cannot read the deployment file: {}. fix: check the path; the "
        "shipped deployments are in fixtures/deployments/",
        path.string(), std::strerror(errno));
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::path absolute = std::filesystem::absolute(path, error).lexically_normal();
  auto deployment = ParseDeploymentText(text, path.string(), absolute.parent_path(), substrates);
  if (deployment.ok()) deployment->source_file = absolute;
  return deployment;
}

Result<Deployment> ParseDeploymentText(std::string_view yaml, const std::string& display_name,
                                       const std::filesystem::path& base_dir,
                                       SubstrateCatalog substrates) {
  Diagnostics diagnostics(display_name);
  auto root = LoadSingleDocument(yaml, diagnostics);
  if (!root) return diagnostics.ToError();

  Deployment deployment;
  deployment.source_file = display_name;
  DecodeContext context{diagnostics, base_dir, {}, substrates};
  DecodeDeployment(Field{"", *root, root->Mark()}, context, deployment);
  if (!diagnostics.empty()) return diagnostics.ToError();
  return deployment;
}

}  // namespace sandcheck
