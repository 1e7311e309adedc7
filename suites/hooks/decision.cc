#include "suites/hooks/decision.h"

#include <fmt/format.h>

namespace sandcheck {
namespace {

HookDecision Blocked(std::string basis) { return {HookDecision::Kind::kBlocked, std::move(basis)}; }
HookDecision Allowed(std::string basis) { return {HookDecision::Kind::kAllowed, std::move(basis)}; }

std::string StringField(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// Exit 0 with stdout that parsed as a JSON object.
HookDecision DecideFromJson(const nlohmann::json& output) {
  auto keep_going = output.find("continue");
  if (keep_going != output.end() && keep_going->is_boolean() && !keep_going->get<bool>()) {
    return Blocked("exit 0, JSON \"continue\": false (Claude stops before the tool runs)");
  }
  auto specific = output.find("hookSpecificOutput");
  if (specific != output.end() && specific->is_object()) {
    std::string decision = StringField(*specific, "permissionDecision");
    if (!decision.empty()) {
      // The docs require hookEventName; a decision without it is not counted as one.
      if (StringField(*specific, "hookEventName") != "PreToolUse") {
        return Allowed(fmt::format(
            "exit 0, permissionDecision {} without hookEventName \"PreToolUse\" (ignored)",
            decision));
      }
      if (decision == "deny") return Blocked("exit 0, permissionDecision deny");
      return Allowed(fmt::format("exit 0, permissionDecision {}", decision));
    }
  }
  // Deprecated for PreToolUse but still honoured: "block" maps to deny.
  std::string legacy = StringField(output, "decision");
  if (legacy == "block") return Blocked("exit 0, deprecated top-level decision block");
  if (!legacy.empty()) return Allowed(fmt::format("exit 0, top-level decision {}", legacy));
  return Allowed("exit 0, JSON without a decision");
}

}  // namespace

std::string_view ToString(HookDecision::Kind kind) {
  switch (kind) {
    case HookDecision::Kind::kBlocked:
      return "blocked";
    case HookDecision::Kind::kAllowed:
      return "allowed";
    case HookDecision::Kind::kError:
      return "error";
  }
  return "?";
}

HookDecision DecidePreToolUse(const ProcessOutcome& outcome) {
  if (outcome.timed_out || outcome.signaled) {
    return {HookDecision::Kind::kError,
            outcome.DescribeEnd() + ": a non-blocking hook error, the tool runs"};
  }
  if (outcome.exit_code == 2) return Blocked("exit 2");
  if (outcome.exit_code != 0) {
    return {HookDecision::Kind::kError,
            fmt::format("exit {}: a non-blocking hook error, the tool runs", outcome.exit_code)};
  }
  auto output = nlohmann::json::parse(outcome.out, nullptr, /*allow_exceptions=*/false);
  if (!output.is_object()) {
    return Allowed(outcome.out.find_first_not_of(" \t\r\n") == std::string::npos
                       ? "exit 0, no output"
                       : "exit 0, stdout is not a JSON object (plain output)");
  }
  return DecideFromJson(output);
}

}  // namespace sandcheck
