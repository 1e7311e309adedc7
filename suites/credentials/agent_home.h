// The agent's home directory as the probe's "identity" section reports it, which is where ~
// points for Claude Code and for every tool the agent runs: the home of the agent's entry in
// the sandbox's /etc/passwd, or, for a uid the image never created (seed 003's 501 in
// sandcheck's busybox image), the HOME its processes get.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/result.h"

namespace sandcheck {

// Probe options that observe only the identity section.
std::vector<std::string> IdentityProbeOptions();

// Fails when the section is missing, or when the agent's uid has neither a home in /etc/passwd
// nor a HOME in its environment.
Result<std::string> AgentHome(const nlohmann::json& document);

}  // namespace sandcheck
