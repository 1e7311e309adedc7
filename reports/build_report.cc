#include "reports/build_report.h"

namespace sandcheck::reports {

Result<std::vector<DeploymentSection>> GroupByDeployment(
    const std::vector<Deployment>& deployments, const std::vector<DeploymentCheckResult>& results,
    const std::map<std::string, std::string>& tool_versions) {
  std::vector<DeploymentSection> sections;
  std::map<std::string, size_t> index_by_name;
  for (const auto& deployment : deployments) {
    std::string runtime(ToString(deployment.runtime));
    auto version = tool_versions.find(runtime);
    index_by_name.emplace(deployment.name, sections.size());
    sections.push_back(
        {.deployment = deployment,
         .substrate = std::string(ToString(deployment.substrate)),
         .runtime = runtime,
         .runtime_version = version == tool_versions.end() ? "unknown" : version->second,
         .results = {}});
  }
  for (const auto& collected : results) {
    auto index = index_by_name.find(collected.deployment);
    if (index == index_by_name.end()) {
      return Fail("report: result {} belongs to deployment '{}', which was not run",
                  collected.result.id, collected.deployment);
    }
    sections[index->second].results.push_back(collected.result);
  }
  return sections;
}

}  // namespace sandcheck::reports
