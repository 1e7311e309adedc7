// What Claude Code does with one PreToolUse hook run, from its exit and stdout alone.
// Rules (https://code.claude.com/docs/en/hooks, "Exit code output", "JSON output",
// "PreToolUse decision control"):
//   exit 2                          blocks; stderr goes to the model, stdout/JSON ignored
//   exit 0, JSON on stdout          read: hookSpecificOutput.permissionDecision "deny"
//                                   blocks; "allow"/"ask"/"defer" do not; the deprecated
//                                   top-level decision "block"/"approve" maps to deny/allow;
//                                   "continue": false stops Claude before the tool runs
//   exit 0, anything else on stdout plain output, the tool runs
//   any other exit, signal, timeout non-blocking error: the tool runs, JSON is ignored
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/process.h"

namespace sandcheck {

struct HookDecision {
  // kError is a hook failure Claude Code reports and then ignores: the tool still runs.
  enum class Kind { kBlocked, kAllowed, kError };
  Kind kind = Kind::kError;
  std::string basis;  // what the decision rests on: "exit 2", "permissionDecision deny", ...

  bool Blocks() const { return kind == Kind::kBlocked; }
};

std::string_view ToString(HookDecision::Kind kind);

HookDecision DecidePreToolUse(const ProcessOutcome& outcome);

}  // namespace sandcheck
