// What the model double answers: a scenario's scripted assistant turns (tool_use blocks or
// text), as data read from fixtures/scenarios/*.yaml.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sandcheck {

struct ScriptedTurn {
  // A tool call when `tool` is set ("Bash", "Read", "Edit", "Write", "WebFetch"); otherwise a
  // text reply that ends the agent's turn.
  std::string tool;
  nlohmann::json input = nlohmann::json::object();
  std::string text;

  bool IsToolUse() const { return !tool.empty(); }
};

ScriptedTurn ToolTurn(std::string tool, nlohmann::json input);
ScriptedTurn TextTurn(std::string text);

// The id of the tool_use block turn `index` sends, so results map back to their turn.
std::string ToolUseId(size_t index);

// The assistant message (Messages API shape) for turn `index` of `turns`; past the end of the
// script, a text reply saying so, which ends the agent's run.
nlohmann::json AssistantMessage(const std::vector<ScriptedTurn>& turns, size_t index,
                                const std::string& model);

// The same message as the Messages API streams it: server-sent events, message_start through
// message_stop, tool inputs as one input_json_delta.
std::string StreamedMessage(const nlohmann::json& message);

}  // namespace sandcheck
