#include "servers/scripted_turns.h"

#include <fmt/format.h>

namespace sandcheck {
namespace {

void AddEvent(std::string& stream, const nlohmann::json& data) {
  stream += fmt::format("event: {}\ndata: {}\n\n", data["type"].get<std::string>(), data.dump());
}

}  // namespace

ScriptedTurn ToolTurn(std::string tool, nlohmann::json input) {
  ScriptedTurn turn;
  turn.tool = std::move(tool);
  turn.input = std::move(input);
  return turn;
}

ScriptedTurn TextTurn(std::string text) {
  ScriptedTurn turn;
  turn.text = std::move(text);
  return turn;
}

std::string ToolUseId(size_t index) { return fmt::format("toolu_sandcheck_{:03}", index); }

nlohmann::json AssistantMessage(const std::vector<ScriptedTurn>& turns, size_t index,
                                const std::string& model) {
  nlohmann::json block;
  std::string stop_reason = "end_turn";
  if (index < turns.size() && turns[index].IsToolUse()) {
    block = {{"type", "tool_use"},
             {"id", ToolUseId(index)},
             {"name", turns[index].tool},
             {"input", turns[index].input}};
    stop_reason = "tool_use";
  } else {
    std::string text = index < turns.size() ? turns[index].text : "The scripted scenario is over.";
    block = {{"type", "text"}, {"text", text}};
  }
  return {{"id", fmt::format("msg_sandcheck_{:03}", index)},
          {"type", "message"},
          {"role", "assistant"},
          {"model", model},
          {"content", nlohmann::json::array({block})},
          {"stop_reason", stop_reason},
          {"stop_sequence", nullptr},
          {"usage", {{"input_tokens", 1}, {"output_tokens", 1}}}};
}

std::string StreamedMessage(const nlohmann::json& message) {
  std::string stream;
  nlohmann::json start = message;
  start["content"] = nlohmann::json::array();
  start["stop_reason"] = nullptr;
  AddEvent(stream, {{"type", "message_start"}, {"message", start}});
  for (size_t i = 0; i < message["content"].size(); ++i) {
    const auto& block = message["content"][i];
    nlohmann::json empty = block;
    nlohmann::json delta;
    if (block["type"] == "tool_use") {
      empty["input"] = nlohmann::json::object();
      delta = {{"type", "input_json_delta"}, {"partial_json", block["input"].dump()}};
    } else {
      empty["text"] = "";
      delta = {{"type", "text_delta"}, {"text", block["text"]}};
    }
    AddEvent(stream, {{"type", "content_block_start"}, {"index", i}, {"content_block", empty}});
    AddEvent(stream, {{"type", "content_block_delta"}, {"index", i}, {"delta", delta}});
    AddEvent(stream, {{"type", "content_block_stop"}, {"index", i}});
  }
  AddEvent(stream,
           {{"type", "message_delta"},
            {"delta", {{"stop_reason", message["stop_reason"]}, {"stop_sequence", nullptr}}},
            {"usage", {{"output_tokens", 1}}}});
  AddEvent(stream, {{"type", "message_stop"}});
  return stream;
}

}  // namespace sandcheck
