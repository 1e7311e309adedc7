// What a command hook runs, as far as sandcheck can tell from its command line: the
// absolute paths it names (the script, an interpreter) and what keeps it from being
// verified (a program found through PATH, a path built from a variable).
#pragma once

#include <string>
#include <vector>

namespace sandcheck {

struct CommandPaths {
  std::vector<std::string> absolute;  // in order of appearance, without duplicates
  std::vector<std::string> problems;  // empty when every program is named by absolute path
};

// Splits on whitespace and strips one level of quotes; no shell expansion.
CommandPaths PathsOfCommand(const std::string& command);

// "/etc/claude-code/hooks/x.sh" -> {"/etc/claude-code/hooks", "/etc/claude-code", "/etc", "/"}
std::vector<std::string> AncestorDirectories(const std::string& path);

}  // namespace sandcheck
