// Placeholder until the parser lands (being written now).
#include "core/deployment_parser.h"

namespace sandcheck {
Result<Deployment> ParseDeploymentFile(const std::filesystem::path& path) {
  return Fail("{}: parser not implemented yet", path.string());
}
Result<Deployment> ParseDeploymentText(std::string_view, const std::string& display_name,
                                       const std::filesystem::path&) {
  return Fail("{}: parser not implemented yet", display_name);
}
}  // namespace sandcheck
