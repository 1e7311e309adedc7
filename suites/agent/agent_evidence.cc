#include "suites/agent/agent_evidence.h"

#include "suites/credentials/canaries.h"
#include "suites/credentials/host_canaries.h"
#include "suites/framework/probe.h"
#include "suites/framework/probe_files.h"

namespace sandcheck {

std::optional<CheckResult> AgentPrerequisites(CheckContext& context, bool needs_model) {
  ResultBuilder result(context.check().id);
  const Deployment& deployment = context.deployment();
  if (deployment.image.recipe != "claude-code") {
    return result.NotApplicable(fmt::format(
        "deployment {} runs image {}, which has no Claude Code: the agent checks need image "
        "claude-code",
        deployment.name, deployment.image.recipe));
  }
  if (needs_model && deployment.network != NetworkMode::kWorld) {
    return result.Skip(fmt::format(
        "needs network: world, where the model double listens; deployment {} has network {}",
        deployment.name, ToString(deployment.network)));
  }
  return std::nullopt;
}

Status WriteRequests(CheckContext& context, const AgentRun& run, std::string_view name) {
  nlohmann::json requests = nlohmann::json::array();
  for (const auto& request : run.requests) {
    requests.push_back(
        {{"method", request.method},
         {"target", request.target},
         {"headers", request.headers},
         {"body", request.json.is_null() ? nlohmann::json(request.body) : request.json}});
  }
  RETURN_IF_ERROR(context.WriteArtifact(name, requests.dump(2)));
  return Status::Ok();
}

std::string FreshMarker() { return RandomHex(8); }

Result<std::vector<std::pair<std::string, bool>>> PathsExist(Sandbox& sandbox,
                                                             const std::vector<std::string>& paths,
                                                             Duration timeout) {
  std::vector<std::string> options = {"--only", "files"};
  for (const auto& path : paths) options.insert(options.end(), {"--exists", path});
  ASSIGN_OR_RETURN(nlohmann::json document, RunProbe(sandbox, options, timeout));
  std::vector<std::pair<std::string, bool>> seen;
  for (const auto& path : paths) {
    ASSIGN_OR_RETURN(StatFacts stat, FindStat(document, path));
    seen.emplace_back(path, stat.exists);
  }
  return seen;
}

Result<std::vector<std::string>> CanariesInToolResults(const AgentRun& run) {
  // Planted now if the runner has not, as the credentials family does.
  const HostCanaries* canaries = HostCanaries::Installed();
  if (canaries == nullptr) {
    ASSIGN_OR_RETURN(canaries, HostCanaries::Install(std::filesystem::temp_directory_path()));
  }
  std::vector<std::string> found;
  auto results = run.ToolResults();
  for (const Canary& canary : canaries->canaries()) {
    for (const auto& result : results) {
      if (result.content.find(canary.secret) != std::string::npos) {
        found.push_back(Describe(canary));
        break;
      }
    }
  }
  return found;
}

}  // namespace sandcheck
