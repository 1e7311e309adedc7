#include "clusters/kubernetes/manifest_documents.h"

#include <fmt/format.h>

#include "core/fs_util.h"

namespace sandcheck {
namespace {

void Emit(YAML::Emitter& out, const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      out << YAML::BeginMap;
      for (const auto& entry : node) {
        out << YAML::Key;
        Emit(out, entry.first);
        out << YAML::Value;
        Emit(out, entry.second);
      }
      out << YAML::EndMap;
      break;
    case YAML::NodeType::Sequence:
      out << YAML::BeginSeq;
      for (const auto& item : node) Emit(out, item);
      out << YAML::EndSeq;
      break;
    case YAML::NodeType::Scalar:
      if (node.Tag() == "!") out << YAML::DoubleQuoted;
      out << node.Scalar();
      break;
    default:
      out << YAML::Null;
  }
}

std::string ScalarAt(const YAML::Node& node, const char* key) {
  return node[key] && node[key].IsScalar() ? node[key].Scalar() : "";
}

}  // namespace

std::string ManifestDocument::Where() const { return fmt::format("{}:{}", file.string(), line); }

Result<std::vector<ManifestDocument>> ReadManifests(
    const std::vector<std::filesystem::path>& files) {
  std::vector<ManifestDocument> documents;
  for (const auto& file : files) {
    ASSIGN_OR_RETURN(std::string text, ReadFile(file));
    std::vector<YAML::Node> nodes;
    try {
      nodes = YAML::LoadAll(text);
    } catch (const YAML::Exception& error) {
      return Fail("{}:{}: not YAML: {}. fix: write each object as a YAML mapping", file.string(),
                  error.mark.line + 1, error.msg);
    }
    for (const YAML::Node& node : nodes) {
      if (node.IsNull()) continue;  // an empty document between separators
      const int line = node.Mark().line + 1;
      if (!node.IsMap()) {
        return Fail(
            "{}:{}: a document that is not a mapping. fix: write each object as a YAML "
            "mapping with apiVersion, kind and metadata",
            file.string(), line);
      }
      const YAML::Node metadata = node["metadata"];
      documents.push_back({file, line, node, ScalarAt(node, "kind"),
                           metadata && metadata.IsMap() ? ScalarAt(metadata, "name") : ""});
    }
  }
  return documents;
}

std::string AsYaml(const YAML::Node& node) {
  YAML::Emitter out;
  Emit(out, node);
  return out.c_str();
}

}  // namespace sandcheck
