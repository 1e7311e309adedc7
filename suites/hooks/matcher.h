// Which PreToolUse matcher groups fire for a tool, as Claude Code evaluates matchers
// (https://code.claude.com/docs/en/hooks, "Matcher patterns"):
//   "*", "" or no matcher        every tool
//   only letters, digits, _, |   exact tool names separated by '|': "Edit|Write"
//   anything else                an unanchored regular expression: "^Notebook", "mcp__.*"
// Newer Claude Code versions also treat '-', ' ' and ',' as exact-match characters; no
// tool name contains them, so both readings agree on tool names.
#pragma once

#include <string_view>

#include "core/result.h"

namespace sandcheck {

// Fails when the matcher is a regular expression that does not compile.
Result<bool> MatcherMatches(std::string_view matcher, std::string_view tool_name);

}  // namespace sandcheck
