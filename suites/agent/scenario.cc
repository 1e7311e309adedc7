#include "suites/agent/scenario.h"

#include <yaml-cpp/yaml.h>

#include <map>

namespace sandcheck {
namespace {

Error ScenarioError(const std::filesystem::path& file, const YAML::Node& node,
                    std::string_view what, std::string_view fix) {
  std::string where = file.string();
  if (node.IsDefined() && node.Mark().line >= 0) where += fmt::format(":{}", node.Mark().line + 1);
  return Error{fmt::format("{}: error: {}. fix: {}", where, what, fix)};
}

// A tool input as JSON: mappings, lists and scalars (all text: the tools take strings).
nlohmann::json ToJson(const YAML::Node& node) {
  if (node.IsMap()) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& entry : node) object[entry.first.Scalar()] = ToJson(entry.second);
    return object;
  }
  if (node.IsSequence()) {
    nlohmann::json array = nlohmann::json::array();
    for (const auto& item : node) array.push_back(ToJson(item));
    return array;
  }
  if (node.IsScalar()) return node.Scalar();
  return nullptr;
}

Result<std::string> RequiredText(const std::filesystem::path& file, const YAML::Node& parent,
                                 const char* key, std::string_view fix) {
  YAML::Node node = parent[key];
  if (!node.IsDefined() || !node.IsScalar() || node.Scalar().empty()) {
    return ScenarioError(file, node.IsDefined() ? node : parent,
                         fmt::format("'{}' must be a non-empty text", key), fix);
  }
  return node.Scalar();
}

// A true/false flag of a mapping (the scenario or one turn); absent is false.
Result<bool> ReadFlag(const std::filesystem::path& file, const YAML::Node& parent, const char* key,
                      std::string_view fix) {
  YAML::Node flag = parent[key];
  if (!flag.IsDefined()) return false;
  if (!flag.IsScalar() || (flag.Scalar() != "true" && flag.Scalar() != "false")) {
    return ScenarioError(file, flag, fmt::format("'{}' must be true or false", key), fix);
  }
  return flag.Scalar() == "true";
}

Result<std::vector<ScriptedTurn>> ReadTurns(const std::filesystem::path& file,
                                            const YAML::Node& turns, Scenario& scenario) {
  if (!turns.IsSequence() || turns.size() == 0) {
    return ScenarioError(file, turns, "'turns' must be a non-empty list",
                         "list the model's turns: {tool: Bash, input: {command: ...}} or "
                         "{text: ...}");
  }
  std::vector<ScriptedTurn> scripted;
  for (const auto& turn : turns) {
    ScriptedTurn one;
    if (turn["tool"].IsDefined() == turn["text"].IsDefined()) {
      return ScenarioError(file, turn, "a turn needs exactly one of 'tool' and 'text'",
                           "write {tool: NAME, input: {...}} for a tool call or {text: ...}");
    }
    if (turn["tool"].IsDefined()) {
      one.tool = turn["tool"].as<std::string>();
      if (!turn["input"].IsMap()) {
        return ScenarioError(file, turn, "a tool turn needs an 'input' mapping",
                             "give the tool's input, e.g. {command: ls} for Bash");
      }
      one.input = ToJson(turn["input"]);
      ASSIGN_OR_RETURN(bool blocked,
                       ReadFlag(file, turn, "blocked",
                                "write blocked: true when the deployment must stop this call"));
      ASSIGN_OR_RETURN(
          bool succeeds,
          ReadFlag(file, turn, "succeeds", "write succeeds: true when this call must still work"));
      ASSIGN_OR_RETURN(bool fork_bomb,
                       ReadFlag(file, turn, "fork_bomb",
                                "write fork_bomb: true on the call that runs the probe's "
                                "--fork-bomb"));
      if (blocked && succeeds) {
        return ScenarioError(file, turn, "a turn cannot be both 'blocked' and 'succeeds'",
                             "keep the one the deployment must show");
      }
      if (blocked) scenario.blocked_turns.push_back(scripted.size());
      if (succeeds) scenario.succeeding_turns.push_back(scripted.size());
      if (fork_bomb) scenario.fork_bomb_turns.push_back(scripted.size());
    } else {
      one.text = turn["text"].as<std::string>();
    }
    scripted.push_back(std::move(one));
  }
  return scripted;
}

}  // namespace

std::string_view ToString(Containment containment) {
  switch (containment) {
    case Containment::kHook:
      return "hook";
    case Containment::kPermission:
      return "permission";
    case Containment::kEgress:
      return "egress";
    case Containment::kIsolation:
      return "isolation";
  }
  return "unknown";
}

Result<Scenario> LoadScenario(const std::filesystem::path& file) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::BadFile&) {
    return Fail("{}: error: cannot read the scenario. fix: check the path", file.string());
  } catch (const YAML::Exception& e) {
    return Fail("{}:{}: error: {}. fix: write valid YAML", file.string(), e.mark.line + 1, e.msg);
  }
  if (!root.IsMap()) {
    return ScenarioError(file, root, "a scenario is a mapping", "see docs/agent.md");
  }
  static const std::map<std::string, Containment> kContainments = {
      {"hook", Containment::kHook},
      {"permission", Containment::kPermission},
      {"egress", Containment::kEgress},
      {"isolation", Containment::kIsolation}};
  Scenario scenario;
  ASSIGN_OR_RETURN(scenario.name, RequiredText(file, root, "scenario", "name the scenario"));
  ASSIGN_OR_RETURN(scenario.description,
                   RequiredText(file, root, "description", "say in one line what the agent tries"));
  ASSIGN_OR_RETURN(scenario.prompt,
                   RequiredText(file, root, "prompt", "give the user's request to the agent"));
  ASSIGN_OR_RETURN(std::string containment, RequiredText(file, root, "containment",
                                                         "write hook, permission, egress or "
                                                         "isolation"));
  auto known = kContainments.find(containment);
  if (known == kContainments.end()) {
    return ScenarioError(file, root["containment"],
                         fmt::format("unknown containment '{}'", containment),
                         "write hook, permission, egress or isolation");
  }
  scenario.containment = known->second;
  for (const char* list : {"must_not_reach", "must_not_exist", "must_not_mention_marker"}) {
    YAML::Node node = root[list];
    if (!node.IsDefined()) continue;
    if (!node.IsSequence()) {
      return ScenarioError(file, node, fmt::format("'{}' must be a list", list),
                           "write a YAML list, e.g. [a, b]");
    }
    std::string_view name = list;
    auto& target = name == "must_not_reach"   ? scenario.must_not_reach
                   : name == "must_not_exist" ? scenario.must_not_exist
                                              : scenario.must_not_mention_marker;
    for (const auto& item : node) target.push_back(item.as<std::string>());
  }
  ASSIGN_OR_RETURN(scenario.turns, ReadTurns(file, root["turns"], scenario));
  ASSIGN_OR_RETURN(scenario.second_run,
                   ReadFlag(file, root, "second_run",
                            "write second_run: true to run the agent again with --continue"));
  ASSIGN_OR_RETURN(scenario.must_not_survive_teardown,
                   ReadFlag(file, root, "must_not_survive_teardown",
                            "write must_not_survive_teardown: true when the agent leaves a "
                            "process carrying ${marker} behind"));
  return scenario;
}

std::string WithMarker(std::string text, const std::string& marker) {
  static constexpr std::string_view kMarker = "${marker}";
  for (size_t at = text.find(kMarker); at != std::string::npos; at = text.find(kMarker, at)) {
    text.replace(at, kMarker.size(), marker);
    at += marker.size();
  }
  return text;
}

std::vector<ScriptedTurn> WithMarker(const std::vector<ScriptedTurn>& turns,
                                     const std::string& marker) {
  std::vector<ScriptedTurn> replaced = turns;
  for (auto& turn : replaced) {
    turn.input = nlohmann::json::parse(WithMarker(turn.input.dump(), marker));
    turn.text = WithMarker(turn.text, marker);
  }
  return replaced;
}

}  // namespace sandcheck
