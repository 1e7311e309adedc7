// Reads /proc/self/mountinfo: which filesystems are mounted where. Used to find mounts a
// crashed run left behind, and to refuse deleting a tree that still has mounts inside.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"

namespace sandcheck {

struct MountEntry {
  std::filesystem::path mount_point;  // unescaped
  std::string fs_type;                // "overlay", "cgroup2", ...
  std::string source;
  std::string super_options;  // e.g. "rw,lowerdir=...,upperdir=..."
};

// Parses mountinfo text (the format of proc(5)); lines that do not parse are skipped.
std::vector<MountEntry> ParseMountInfo(const std::string& text);

// The current mount table of this process's mount namespace.
Result<std::vector<MountEntry>> ReadMountInfo();

// Mount points at or below `root`, deepest first (the order to unmount them in).
std::vector<std::filesystem::path> MountsUnder(const std::vector<MountEntry>& mounts,
                                               const std::filesystem::path& root);

}  // namespace sandcheck
