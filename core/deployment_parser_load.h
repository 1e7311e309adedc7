// Loads the one YAML document of a deployment file with yaml-cpp, reporting syntax errors, an
// empty file and extra documents to Diagnostics in the parser's message form.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string_view>

#include "core/deployment_parser_diagnostics.h"

namespace sandcheck {

// The first document, or nullopt when there is nothing to decode (the problem is reported).
// A second document is reported too, but the first is still returned so that its problems are
// found in the same pass.
std::optional<YAML::Node> LoadSingleDocument(std::string_view yaml, Diagnostics& diagnostics);

}  // namespace sandcheck
