// The pin of the claude-code image (fixtures/images/claude-code/image.yaml): which Claude Code
// package and version, and which Debian packages make its base. Read once per build of the
// image's base tree; bad input names the file, the line and the fix.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"

namespace sandcheck {

struct ClaudeCodeImageSpec {
  std::string package;  // the npm package carrying the native binary
  std::string version;  // the Claude Code version, recorded in every report
  std::string binary;   // the binary's path inside the package's tarball
  std::vector<std::string> debian_packages;
  std::string file_bytes;  // the whole file: the base tree's cache key covers all of it
};

Result<ClaudeCodeImageSpec> ReadClaudeCodeImageSpec(const std::filesystem::path& file);

// The image.yaml in the source tree, baked in at build time.
std::filesystem::path DefaultClaudeCodeImageSpec();

}  // namespace sandcheck
