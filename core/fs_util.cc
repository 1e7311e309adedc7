#include "core/fs_util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "core/mountinfo.h"

namespace sandcheck {

Result<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail("read {}: {}", path.string(), std::strerror(errno));
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return Fail("read {}: I/O error", path.string());
  return content.str();
}

Status WriteFile(const std::filesystem::path& path, const std::string& content, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return Fail("create {}: {}", path.string(), std::strerror(errno));
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int saved = errno;
      ::close(fd);
      return Fail("write {}: {}", path.string(), std::strerror(saved));
    }
    written += static_cast<size_t>(n);
  }
  bool mode_ok = ::fchmod(fd, mode) == 0;
  int saved = errno;
  ::close(fd);
  if (!mode_ok) return Fail("chmod {}: {}", path.string(), std::strerror(saved));
  return Status::Ok();
}

Status RemoveTreeWithoutMounts(const std::filesystem::path& root) {
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::symlink_status(root, ec))) return Status::Ok();
  ASSIGN_OR_RETURN(auto mounts, ReadMountInfo());
  auto inside = MountsUnder(mounts, std::filesystem::absolute(root));
  if (!inside.empty()) {
    return Fail("not removing {}: {} is still mounted", root.string(), inside.front().string());
  }
  std::filesystem::remove_all(root, ec);
  if (ec) return Fail("remove {}: {}", root.string(), ec.message());
  return Status::Ok();
}

}  // namespace sandcheck
