#include "suites/hooks/corpus.h"

#include <yaml-cpp/yaml.h>

#include <set>

namespace sandcheck {
namespace {

// tool_input is free-form YAML; hooks receive it as JSON. Quoted scalars stay strings;
// plain true/false and integers become JSON booleans and numbers (YAML 1.2 core schema,
// not yaml-cpp's looser yes/no/on/off).
nlohmann::json ToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      nlohmann::json object = nlohmann::json::object();
      for (const auto& entry : node) object[entry.first.as<std::string>()] = ToJson(entry.second);
      return object;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json array = nlohmann::json::array();
      for (const auto& item : node) array.push_back(ToJson(item));
      return array;
    }
    case YAML::NodeType::Scalar: {
      if (node.Tag() == "!") return node.as<std::string>();
      if (node.Scalar() == "true" || node.Scalar() == "false") return node.Scalar() == "true";
      long long integer = 0;
      if (YAML::convert<long long>::decode(node, integer)) return integer;
      return node.as<std::string>();
    }
    default:
      return nullptr;
  }
}

Result<std::string> RequiredString(const YAML::Node& node, const char* key,
                                   const std::string& where) {
  if (!node[key] || !node[key].IsScalar() || node[key].Scalar().empty()) {
    return Fail("{}: \"{}\" must be a non-empty string", where, key);
  }
  return node[key].as<std::string>();
}

}  // namespace

Result<Corpus> LoadCorpus(const std::filesystem::path& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path.string());
  } catch (const YAML::Exception& e) {
    return Fail("corpus {}: {}", path.string(), e.what());
  }
  Corpus corpus;
  corpus.source = path;
  ASSIGN_OR_RETURN(corpus.cwd, RequiredString(root, "cwd", path.string()));
  if (!root["requests"] || !root["requests"].IsSequence() || root["requests"].size() == 0) {
    return Fail("corpus {}: \"requests\" must be a non-empty list", path.string());
  }
  std::set<std::string> names;
  for (size_t i = 0; i < root["requests"].size(); ++i) {
    const YAML::Node& node = root["requests"][i];
    std::string where = fmt::format("corpus {} requests[{}]", path.string(), i);
    CorpusRequest request;
    ASSIGN_OR_RETURN(request.name, RequiredString(node, "name", where));
    ASSIGN_OR_RETURN(request.tool_name, RequiredString(node, "tool_name", where));
    ASSIGN_OR_RETURN(request.why, RequiredString(node, "why", where));
    if (!node["tool_input"] || !node["tool_input"].IsMap()) {
      return Fail("{} ({}): \"tool_input\" must be a map", where, request.name);
    }
    request.tool_input = ToJson(node["tool_input"]);
    if (!names.insert(request.name).second) {
      return Fail("{}: duplicate request name {}", where, request.name);
    }
    corpus.requests.push_back(std::move(request));
  }
  return corpus;
}

std::string HookStdin(const Corpus& corpus, const CorpusRequest& request, size_t index) {
  nlohmann::json input = {
      {"session_id", "sandcheck-hooks"},
      {"transcript_path", "/tmp/sandcheck-hooks-transcript.jsonl"},
      {"cwd", corpus.cwd},
      // The agent runs with --dangerously-skip-permissions.
      {"permission_mode", "bypassPermissions"},
      {"hook_event_name", "PreToolUse"},
      {"tool_name", request.tool_name},
      {"tool_input", request.tool_input},
      {"tool_use_id", fmt::format("toolu_sandcheck_{:04}", index)},
  };
  return input.dump();
}

}  // namespace sandcheck
