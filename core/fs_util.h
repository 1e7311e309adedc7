// Small filesystem helpers that return Result/Status with the path in every error.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

#include "core/result.h"

namespace sandcheck {

// The whole file as bytes.
Result<std::string> ReadFile(const std::filesystem::path& path);

// Creates or truncates `path` with exactly `mode` (not filtered by the umask).
Status WriteFile(const std::filesystem::path& path, const std::string& content, mode_t mode);

// Removes `root` recursively, but only when nothing is mounted at or below it: deleting
// through a mount would destroy what the mount shows (an overlay's lower layer, a volume).
// A missing `root` is not an error.
Status RemoveTreeWithoutMounts(const std::filesystem::path& root);

}  // namespace sandcheck
