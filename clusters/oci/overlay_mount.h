// The per-sandbox root: an overlay of the cached rootfs (read-only lower layer) and the
// bundle's upper/work directories, so nothing a sandbox writes ever reaches the cache.
#pragma once

#include <filesystem>

#include "core/result.h"

namespace sandcheck {

struct OverlayDirs {
  std::filesystem::path lower;
  std::filesystem::path upper;
  std::filesystem::path work;
};

Status MountOverlay(const OverlayDirs& dirs, const std::filesystem::path& target);

// Unmounts `target`; falls back to a lazy detach when something still holds it busy, so
// the mount point is gone from the host's table either way.
Status Unmount(const std::filesystem::path& target);

}  // namespace sandcheck
