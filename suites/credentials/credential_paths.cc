#include "suites/credentials/credential_paths.h"

#include <fmt/format.h>

namespace sandcheck {

std::vector<std::string> WellKnownCredentialPaths(const std::string& home, bool oauth_file) {
  std::string base = home == "/" ? "" : home;
  std::vector<std::string> paths = {
      base + "/.ssh",
      base + "/.aws",
      base + "/.config/gh",
      base + "/.kube",
      // git's credential store, where `credential.helper store` writes tokens in the clear.
      base + "/.git-credentials",
      base + "/.config/git/credentials",
      "/run/secrets",
      "/var/run/secrets/kubernetes.io/serviceaccount/token",
  };
  if (!oauth_file) paths.push_back(base + "/.claude/.credentials.json");
  return paths;
}

Judgement JudgeCredentialPaths(const std::map<std::string, StatFacts>& facts) {
  Judgement judgement;
  for (const auto& [path, stat] : facts) {
    judgement.evidence[path] = {
        {"exists", stat.exists}, {"type", stat.type}, {"error", stat.error}};
    if (stat.exists) {
      judgement.problems.push_back(fmt::format("{} exists ({})", path, stat.type));
    } else if (stat.error != "ENOENT" && stat.error != "ENOTDIR") {
      judgement.inconclusive.push_back(fmt::format("stat {} failed with {}", path, stat.error));
    }
  }
  return judgement;
}

}  // namespace sandcheck
