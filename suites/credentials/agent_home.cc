#include "suites/credentials/agent_home.h"

namespace sandcheck {

std::vector<std::string> IdentityProbeOptions() { return {"--only", "identity"}; }

Result<std::string> AgentHome(const nlohmann::json& document) {
  auto identity = document.find("identity");
  if (identity == document.end() || !identity->is_object()) {
    return Fail("probe document has no \"identity\" section");
  }
  auto home = identity->find("home");
  if (home == identity->end() || !home->is_string() || home->get<std::string>().empty()) {
    return Fail("the agent (uid {}) has no home directory in the sandbox's /etc/passwd",
                identity->value("uid", nlohmann::json()).dump());
  }
  return home->get<std::string>();
}

}  // namespace sandcheck
