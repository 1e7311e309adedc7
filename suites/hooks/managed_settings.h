// The part of Claude Code's managed settings the hooks family reads: the PreToolUse
// matcher groups and their handlers. Format: https://code.claude.com/docs/en/hooks
//   {"hooks": {"PreToolUse": [{"matcher": "Bash",
//                              "hooks": [{"type": "command", "command": "/x.sh"}]}]}}
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace sandcheck {

// Where Claude Code reads managed settings on Linux.
inline constexpr std::string_view kManagedSettingsPath = "/etc/claude-code/managed-settings.json";

struct HookHandler {
  std::string type;     // "command"; also "http", "prompt", "agent", "mcp_tool"
  std::string command;  // for type "command": a shell command line
  std::optional<int> timeout_seconds;
  std::string condition;  // the handler's "if" rule; empty when it has none
};

struct MatcherGroup {
  std::string matcher;  // "" when the group has none
  std::vector<HookHandler> handlers;
};

struct ManagedSettings {
  nlohmann::json document;
  bool all_hooks_disabled = false;                          // "disableAllHooks": true
  std::map<std::string, std::vector<MatcherGroup>> events;  // "PreToolUse", "PostToolUse", ...

  const std::vector<MatcherGroup>& PreToolUse() const;
  // Every "command" handler's command line, of every event, without duplicates.
  std::vector<std::string> Commands() const;
};

// Fails when the text is not a JSON object or its hooks section has the wrong shape
// (Claude Code would not load those hooks).
Result<ManagedSettings> ParseManagedSettings(std::string_view text);

}  // namespace sandcheck
