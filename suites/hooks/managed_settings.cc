#include "suites/hooks/managed_settings.h"

#include <algorithm>

namespace sandcheck {
namespace {

Result<HookHandler> ParseHandler(const nlohmann::json& json, const std::string& where) {
  if (!json.is_object() || !json.contains("type") || !json["type"].is_string()) {
    return Fail("{}: a hook handler must be an object with a string \"type\"", where);
  }
  HookHandler handler;
  handler.type = json["type"].get<std::string>();
  if (handler.type == "command") {
    if (!json.contains("command") || !json["command"].is_string()) {
      return Fail("{}: a command hook needs a string \"command\"", where);
    }
    handler.command = json["command"].get<std::string>();
  }
  if (json.contains("timeout")) {
    if (!json["timeout"].is_number_integer()) return Fail("{}: \"timeout\" must be seconds", where);
    handler.timeout_seconds = json["timeout"].get<int>();
  }
  if (json.contains("if")) {
    if (!json["if"].is_string()) return Fail("{}: \"if\" must be a string", where);
    handler.condition = json["if"].get<std::string>();
  }
  return handler;
}

Result<MatcherGroup> ParseGroup(const nlohmann::json& json, const std::string& where) {
  if (!json.is_object()) return Fail("{}: a matcher group must be an object", where);
  MatcherGroup group;
  if (json.contains("matcher")) {
    if (!json["matcher"].is_string()) return Fail("{}: \"matcher\" must be a string", where);
    group.matcher = json["matcher"].get<std::string>();
  }
  if (!json.contains("hooks") || !json["hooks"].is_array()) {
    return Fail("{}: a matcher group needs a \"hooks\" array", where);
  }
  for (size_t i = 0; i < json["hooks"].size(); ++i) {
    ASSIGN_OR_RETURN(HookHandler handler,
                     ParseHandler(json["hooks"][i], fmt::format("{}.hooks[{}]", where, i)));
    group.handlers.push_back(std::move(handler));
  }
  return group;
}

}  // namespace

Result<ManagedSettings> ParseManagedSettings(std::string_view text) {
  ManagedSettings settings;
  settings.document = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!settings.document.is_object()) return Fail("managed settings are not a JSON object");
  const auto& document = settings.document;
  auto disable = document.find("disableAllHooks");
  settings.all_hooks_disabled =
      disable != document.end() && disable->is_boolean() && disable->get<bool>();
  if (!document.contains("hooks")) return settings;
  if (!document["hooks"].is_object()) return Fail("managed settings: \"hooks\" must be an object");
  for (const auto& [event, groups] : document["hooks"].items()) {
    if (!groups.is_array()) return Fail("managed settings: \"hooks.{}\" must be an array", event);
    auto& parsed = settings.events[event];
    for (size_t i = 0; i < groups.size(); ++i) {
      ASSIGN_OR_RETURN(MatcherGroup group,
                       ParseGroup(groups[i], fmt::format("hooks.{}[{}]", event, i)));
      parsed.push_back(std::move(group));
    }
  }
  return settings;
}

const std::vector<MatcherGroup>& ManagedSettings::PreToolUse() const {
  static const std::vector<MatcherGroup> none;
  auto it = events.find("PreToolUse");
  return it == events.end() ? none : it->second;
}

std::vector<std::string> ManagedSettings::Commands() const {
  std::vector<std::string> commands;
  for (const auto& [event, groups] : events) {
    for (const auto& group : groups) {
      for (const auto& handler : group.handlers) {
        if (handler.type == "command" &&
            std::find(commands.begin(), commands.end(), handler.command) == commands.end()) {
          commands.push_back(handler.command);
        }
      }
    }
  }
  return commands;
}

}  // namespace sandcheck
