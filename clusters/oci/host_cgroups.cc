#include "clusters/oci/host_cgroups.h"

#include <linux/magic.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "clusters/oci/bundle_config.h"

namespace sandcheck {
namespace {

bool IsCgroup2(const char* path) {
  struct statfs info {};
  return ::statfs(path, &info) == 0 && info.f_type == CGROUP2_SUPER_MAGIC;
}

}  // namespace

CgroupLayout DetectCgroupLayout() {
  if (IsCgroup2("/sys/fs/cgroup")) return CgroupLayout::kUnified;
  if (IsCgroup2("/sys/fs/cgroup/unified")) return CgroupLayout::kHybrid;
  return CgroupLayout::kLegacy;
}

std::vector<std::filesystem::path> CgroupMountPoints(const std::vector<MountEntry>& mounts) {
  std::vector<std::filesystem::path> points;
  for (const auto& mount : mounts) {
    bool cgroup = mount.fs_type == "cgroup" || mount.fs_type == "cgroup2";
    if (cgroup && std::find(points.begin(), points.end(), mount.mount_point) == points.end()) {
      points.push_back(mount.mount_point);
    }
  }
  return points;
}

Status RemoveCgroupTree(const std::filesystem::path& dir) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_directory(ec)) RETURN_IF_ERROR(RemoveCgroupTree(entry.path()));
  }
  if (::rmdir(dir.c_str()) != 0 && errno != ENOENT) {
    return Fail("rmdir cgroup {}: {}", dir.string(), std::strerror(errno));
  }
  return Status::Ok();
}

Status RemoveContainerCgroups(std::string_view container_id) {
  ASSIGN_OR_RETURN(auto mounts, ReadMountInfo());
  for (const auto& point : CgroupMountPoints(mounts)) {
    auto dir = point / kCgroupParent / std::string(container_id);
    if (std::filesystem::exists(dir)) RETURN_IF_ERROR(RemoveCgroupTree(dir));
  }
  return Status::Ok();
}

}  // namespace sandcheck
