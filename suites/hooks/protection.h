// Whether the agent can change a file that enforces policy (managed settings, hook
// scripts): the file must exist, be owned by root, refuse the agent's open(O_WRONLY), and
// sit in directories the agent can neither write (to replace it) nor chmod (as owner).
// Judged from the probe's observations, which it makes as the agent user. An agent that is
// root itself owns everything root owns, which this reports too.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/result.h"

namespace sandcheck {

// Probe options observing each path and every ancestor directory: --exists and --write.
std::vector<std::string> ProtectionProbeOptions(const std::vector<std::string>& paths);

struct Protection {
  std::vector<std::string> problems;  // empty: protected
  nlohmann::json evidence;
};

// Fails only when the document lacks an observation ProtectionProbeOptions asks for.
Result<Protection> JudgeProtection(const nlohmann::json& document, const std::string& path,
                                   uint32_t agent_uid);

}  // namespace sandcheck
