// Parses and validates deployment files (format: docs/deployment-schema.md).
// Every rejection names the file, line and column and says how to fix it; a file that
// does not validate never reaches a substrate.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/deployment.h"
#include "core/result.h"

namespace sandcheck {

// Reads and validates a deployment file. Relative paths inside it resolve against the
// file's directory.
Result<Deployment> ParseDeploymentFile(const std::filesystem::path& path);

// Validates YAML text; `display_name` is used in messages, `base_dir` resolves paths.
Result<Deployment> ParseDeploymentText(std::string_view yaml, const std::string& display_name,
                                       const std::filesystem::path& base_dir);

}  // namespace sandcheck
