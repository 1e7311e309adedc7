#include "clusters/kubernetes/manifest_validation.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <regex>

#include "clusters/kubernetes/manifest_documents.h"

namespace sandcheck {
namespace {

constexpr Duration kDryRun = std::chrono::seconds(30);

// "a.b[2].c" as ["a", "b", "[2]", "c"].
std::vector<std::string> FieldSteps(const std::string& field) {
  std::vector<std::string> steps;
  static const std::regex kStep(R"(([^.\[\]]+)|(\[\d+\]))");
  for (auto it = std::sregex_iterator(field.begin(), field.end(), kStep);
       it != std::sregex_iterator(); ++it) {
    steps.push_back(it->str());
  }
  return steps;
}

// The line of the deepest node on the path that exists: the field itself when it does, else
// its nearest parent (an unknown field's parent names where it was written).
int LineOfPath(const YAML::Node& root, const std::vector<std::string>& steps) {
  YAML::Node node = root;
  int line = node.Mark().line + 1;
  for (const auto& step : steps) {
    YAML::Node next;
    if (step.front() == '[') {
      const size_t index = std::stoul(step.substr(1, step.size() - 2));
      if (!node.IsSequence() || index >= node.size()) break;
      next = node[index];
    } else {
      if (!node.IsMap()) break;
      bool found = false;
      for (const auto& entry : node) {
        if (entry.first.as<std::string>() == step) {
          line = entry.first.Mark().line + 1;
          next = entry.second;
          found = true;
          break;
        }
      }
      if (!found) break;
      node = next;
      continue;
    }
    node = next;
    line = node.Mark().line + 1;
  }
  return line;
}

// The field a refusal names: a strict decoding error's unknown field, or a field error's path.
std::string FieldOf(const std::string& message) {
  static const std::regex kUnknown(R"re(unknown field "([^"]+)")re");
  static const std::regex kInvalid(
      R"re(((?:spec|metadata)[A-Za-z0-9_.\[\]]*): (Invalid value|Required value|Unsupported value))re");
  std::smatch match;
  if (std::regex_search(message, match, kUnknown)) return match[1];
  if (std::regex_search(message, match, kInvalid)) return match[1];
  return "";
}

}  // namespace

std::string ManifestProblem::Describe() const {
  return fmt::format("{}:{}: {}{}", file.string(), line, field.empty() ? "" : field + ": ",
                     message);
}

int LineOfField(const std::string& document_yaml, const std::string& field) {
  try {
    return LineOfPath(YAML::Load(document_yaml), FieldSteps(field));
  } catch (const YAML::Exception&) {
    return 0;
  }
}

Result<std::vector<ManifestProblem>> ValidateManifests(
    const Kubectl& kubectl, const std::vector<std::filesystem::path>& files) {
  ASSIGN_OR_RETURN(std::vector<ManifestDocument> documents, ReadManifests(files));
  std::vector<ManifestProblem> problems;
  for (const ManifestDocument& document : documents) {
    // Validation only: the objects' namespaces need not exist yet.
    YAML::Node for_dry_run = YAML::Clone(document.node);
    if (for_dry_run["metadata"] && for_dry_run["metadata"].IsMap()) {
      for_dry_run["metadata"].remove("namespace");
    }
    auto outcome = kubectl.Run({"create", "--dry-run=server", "--validate=strict", "-n", "default",
                                "-o", "name", "-f", "-"},
                               kDryRun, AsYaml(for_dry_run));
    if (!outcome.ok()) return outcome.error();
    if (outcome->Succeeded()) continue;
    if (outcome->timed_out) {
      return Fail("validating {} with the API server: {}", document.Where(),
                  outcome->DescribeEnd());
    }
    std::string message = outcome->err;
    while (!message.empty() && message.back() == '\n') message.pop_back();
    const std::string field = FieldOf(message);
    const int line = field.empty() ? document.line : LineOfPath(document.node, FieldSteps(field));
    problems.push_back({document.file, line, field, message});
  }
  return problems;
}

}  // namespace sandcheck
