// The agent's home directory as the probe's "identity" section reports it (from the sandbox's
// /etc/passwd), which is where ~ points for Claude Code and for every tool the agent runs.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/result.h"

namespace sandcheck {

// Probe options that observe only the identity section.
std::vector<std::string> IdentityProbeOptions();

// Fails when the section is missing or the agent's uid has no home in /etc/passwd.
Result<std::string> AgentHome(const nlohmann::json& document);

}  // namespace sandcheck
