#include "clusters/oci/entrypoint_args.h"

#include <algorithm>
#include <filesystem>

#include "clusters/oci/bundle_config.h"
#include "clusters/substrate.h"

namespace sandcheck {
namespace {

bool ListedForUnset(const Deployment& deployment, const std::string& variable) {
  const auto& unset = deployment.env_unset_before_exec;
  return std::find(unset.begin(), unset.end(), variable) != unset.end();
}

}  // namespace

std::string CredentialsFilePath(const Deployment& deployment) {
  return (std::filesystem::path(SandboxHome(deployment)) / ".claude" / ".credentials.json")
      .string();
}

std::optional<std::string> CredentialSourceVariable(const Deployment& deployment) {
  if (!deployment.claude.oauth_file) return std::nullopt;
  for (const char* variable : {"CLAUDE_CREDENTIALS", "CLAUDE_CODE_OAUTH_TOKEN"}) {
    if (ListedForUnset(deployment, variable) && deployment.env.contains(variable)) {
      return variable;
    }
  }
  return std::nullopt;
}

std::vector<std::string> InitArgs(const Deployment& deployment) {
  if (deployment.env_unset_before_exec.empty()) {
    if (!deployment.command.empty()) return deployment.command;
    return {std::string(kProbePathInSandbox), "init"};
  }
  std::vector<std::string> args = {std::string(kProbePathInSandbox), "init"};
  for (const auto& variable : deployment.env_unset_before_exec) {
    args.insert(args.end(), {"--unset", variable});
  }
  if (auto source = CredentialSourceVariable(deployment)) {
    args.insert(args.end(), {"--credentials-file", CredentialsFilePath(deployment),
                             "--credentials-from", *source});
  }
  if (!deployment.command.empty()) {
    args.push_back("--");
    args.insert(args.end(), deployment.command.begin(), deployment.command.end());
  }
  return args;
}

std::map<std::string, std::string> HandedOverEnv(const Deployment& deployment) {
  std::map<std::string, std::string> handed_over;
  for (const auto& [variable, value] : deployment.env) {
    if (ListedForUnset(deployment, variable)) handed_over[variable] = value;
  }
  return handed_over;
}

}  // namespace sandcheck
