// Parses and validates deployment files (format: docs/deployment-schema.md).
// Every rejection names the file, line and column and says how to fix it, one problem a line,
// all problems of a file at once, in file order:
//   FILE:LINE:COL: error: WHAT. fix: HOW
// A file with any problem yields no Deployment, so one that does not validate never reaches a
// substrate. The value rules behind it (sizes, modes, capability names) are in
// deployment_parser_values.h.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/deployment.h"
#include "core/result.h"
#include "core/substrate_traits.h"

namespace sandcheck {

// Reads and validates a deployment file. Relative paths inside it resolve against the
// file's directory; messages name the file as `path` was given; source_file is made absolute.
// `substrates` says what each substrate can express (clusters/substrate_traits_catalog.h); a
// substrate missing from it is judged by the file format alone.
Result<Deployment> ParseDeploymentFile(const std::filesystem::path& path,
                                       SubstrateCatalog substrates);

// Validates YAML text. `display_name` names it in messages and becomes source_file; relative
// host paths resolve against `base_dir`.
Result<Deployment> ParseDeploymentText(std::string_view yaml, const std::string& display_name,
                                       const std::filesystem::path& base_dir,
                                       SubstrateCatalog substrates);

}  // namespace sandcheck
