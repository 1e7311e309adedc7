// The host user's Claude Code configuration in the fake host's ~/.claude (seed 002): a
// settings.json whose Stop hook runs a command carrying a marker, and the durable paths
// claude-sbx copies into the sandbox by default (CLAUDE.md, skills, agents, commands). A
// deployment that lets settings.json in hands the sandboxed agent hooks it can turn against
// itself; one that seeds the selected paths gives it the user's memory and skills.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"

namespace sandcheck {

// claude-sbx's CLAUDE_COPY_PATHS: what of ~/.claude the sandbox gets.
inline constexpr std::array<std::string_view, 4> kClaudeSeedPaths = {"CLAUDE.md", "skills",
                                                                     "agents", "commands"};

// A fresh marker for the hook command ("schook" + 128 random bits).
std::string NewClaudeHookMarker();

// Writes ~/.claude/settings.json (the hook), CLAUDE.md, skills/review/SKILL.md,
// agents/reviewer.md and commands/ship.md under `home`.
Status WriteHostClaudeConfig(const std::filesystem::path& home, const std::string& hook_marker);

}  // namespace sandcheck
