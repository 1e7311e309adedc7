#include "clusters/oci/overlay_mount.h"

#include <sys/mount.h>

#include <cstring>

#include "core/log.h"

namespace sandcheck {
namespace {

// overlayfs splits its options on ',' and lowerdir on ':'; such paths cannot be expressed.
bool Expressible(const std::filesystem::path& path) {
  return path.string().find_first_of(",:\\") == std::string::npos;
}

}  // namespace

Status MountOverlay(const OverlayDirs& dirs, const std::filesystem::path& target) {
  for (const auto* dir : {&dirs.lower, &dirs.upper, &dirs.work}) {
    if (!Expressible(*dir)) return Fail("overlay path {} contains ',', ':' or '\\'", dir->string());
  }
  std::string options = fmt::format("lowerdir={},upperdir={},workdir={}", dirs.lower.string(),
                                    dirs.upper.string(), dirs.work.string());
  // "volatile" (Linux 5.10+) skips syncing the upper layer, which is thrown away with the
  // sandbox anyway; without it every unmount waits for a journal commit.
  if (::mount("overlay", target.c_str(), "overlay", 0, (options + ",volatile").c_str()) == 0) {
    return Status::Ok();
  }
  if (::mount("overlay", target.c_str(), "overlay", 0, options.c_str()) != 0) {
    return Fail("mount overlay at {} ({}): {}", target.string(), options, std::strerror(errno));
  }
  return Status::Ok();
}

Status Unmount(const std::filesystem::path& target) {
  if (::umount2(target.c_str(), UMOUNT_NOFOLLOW) == 0) return Status::Ok();
  if (errno != EBUSY) return Fail("umount {}: {}", target.string(), std::strerror(errno));
  SC_WARN("umount {}: busy, detaching lazily", target.string());
  if (::umount2(target.c_str(), MNT_DETACH | UMOUNT_NOFOLLOW) != 0) {
    return Fail("umount -l {}: {}", target.string(), std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace sandcheck
