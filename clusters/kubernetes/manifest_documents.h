// A deployment's Kubernetes manifests as YAML documents, each with the file and line it came
// from, and written back as YAML the API server reads as it was meant.
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"

namespace sandcheck {

struct ManifestDocument {
  std::filesystem::path file;
  int line = 0;  // 1-based, the document's first line
  YAML::Node node;
  std::string kind;  // "" when the document has none
  std::string name;  // metadata.name, or ""

  std::string Where() const;  // "file:line"
};

// Every non-empty document of `files`, in order; an error names the file and line of YAML that
// does not parse, or a document that is not a mapping.
Result<std::vector<ManifestDocument>> ReadManifests(
    const std::vector<std::filesystem::path>& files);

// `node` as YAML, quoted scalars kept quoted ("3600" must stay a string for the API server;
// yaml-cpp's own Dump writes it plain, and so as a number).
std::string AsYaml(const YAML::Node& node);

}  // namespace sandcheck
