#include "suites/credentials/agent_home.h"

namespace sandcheck {

std::vector<std::string> IdentityProbeOptions() { return {"--only", "identity"}; }

Result<std::string> AgentHome(const nlohmann::json& document) {
  auto identity = document.find("identity");
  if (identity == document.end() || !identity->is_object()) {
    return Fail("probe document has no \"identity\" section");
  }
  for (const char* field : {"home", "home_env"}) {
    auto home = identity->find(field);
    if (home != identity->end() && home->is_string() && !home->get<std::string>().empty()) {
      return home->get<std::string>();
    }
  }
  return Fail(
      "the agent (uid {}) has no home directory: no entry in the sandbox's /etc/passwd and no "
      "HOME in its environment",
      identity->value("uid", nlohmann::json()).dump());
}

}  // namespace sandcheck
