// devices: host devices that must not be reachable from a sandbox, checked by opening them
// read-only (O_NONBLOCK; nothing is read or written), plus every block device under /dev.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "tools/probe/sections/sections.h"
#include "tools/probe/sys.h"

namespace sandcheck::probe {
namespace {

constexpr const char* kWellKnown[] = {
    "/dev/mem",     "/dev/kmem",  "/dev/kmsg", "/dev/port", "/dev/sda",     "/dev/vda",
    "/dev/nvme0n1", "/dev/loop0", "/dev/kvm",  "/dev/fuse", "/dev/net/tun",
};

// Block devices in /dev and one level below (/dev/mapper, ...). Symlinks are not followed.
void FindBlockDevices(const std::string& directory, int depth, std::vector<std::string>* found) {
  DIR* dir = ::opendir(directory.c_str());
  if (dir == nullptr) return;
  while (struct dirent* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    std::string path = directory + "/" + name;
    struct stat info;
    if (::lstat(path.c_str(), &info) != 0) continue;
    if (S_ISBLK(info.st_mode)) found->push_back(path);
    if (S_ISDIR(info.st_mode) && depth > 1) FindBlockDevices(path, depth - 1, found);
  }
  ::closedir(dir);
}

const char* FileType(mode_t mode) {
  if (S_ISCHR(mode)) return "char";
  if (S_ISBLK(mode)) return "block";
  if (S_ISDIR(mode)) return "directory";
  if (S_ISREG(mode)) return "file";
  if (S_ISLNK(mode)) return "symlink";
  if (S_ISFIFO(mode)) return "fifo";
  return "socket";
}

Json Probe(const std::string& path) {
  Json device{{"path", path}};
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) {
    int error = errno;
    device.update(Json{{"exists", false},
                       {"stat_error", ErrorNameJson(error)},
                       {"type", nullptr},
                       {"major", nullptr},
                       {"minor", nullptr},
                       {"open", nullptr}});
    return device;
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  int error = fd < 0 ? errno : 0;
  if (fd >= 0) ::close(fd);
  bool is_device = S_ISCHR(info.st_mode) || S_ISBLK(info.st_mode);
  device.update(Json{{"exists", true},
                     {"stat_error", nullptr},
                     {"type", FileType(info.st_mode)},
                     {"major", is_device ? Json(major(info.st_rdev)) : Json(nullptr)},
                     {"minor", is_device ? Json(minor(info.st_rdev)) : Json(nullptr)},
                     {"open", AttemptJson(error)}});
  return device;
}

}  // namespace

Json DevicesSection(const ObserveOptions&) {
  std::vector<std::string> paths(std::begin(kWellKnown), std::end(kWellKnown));
  std::vector<std::string> block_devices;
  FindBlockDevices("/dev", 2, &block_devices);
  std::sort(block_devices.begin(), block_devices.end());
  for (const std::string& path : block_devices) {
    if (std::find(paths.begin(), paths.end(), path) == paths.end()) paths.push_back(path);
  }
  Json entries = Json::array();
  for (const std::string& path : paths) entries.push_back(Probe(path));
  return Json{{"entries", entries}, {"block_devices_found", block_devices.size()}};
}

}  // namespace sandcheck::probe
