// files: --exists (stat facts) and --read (the first 4 KiB, as UTF-8 text when it is valid
// UTF-8, base64 otherwise).
#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>

#include "tools/probe/encoding.h"
#include "tools/probe/sections/sections.h"
#include "tools/probe/sys.h"

namespace sandcheck::probe {
namespace {

constexpr size_t kReadBytes = 4096;

const char* TypeName(mode_t mode) {
  if (S_ISREG(mode)) return "file";
  if (S_ISDIR(mode)) return "directory";
  if (S_ISLNK(mode)) return "symlink";
  if (S_ISCHR(mode)) return "char";
  if (S_ISBLK(mode)) return "block";
  if (S_ISFIFO(mode)) return "fifo";
  return "socket";
}

Json Exists(const std::string& path) {
  struct stat info;
  bool exists = ::stat(path.c_str(), &info) == 0;
  int error = exists ? 0 : errno;
  struct stat link_info;
  bool is_symlink = ::lstat(path.c_str(), &link_info) == 0 && S_ISLNK(link_info.st_mode);
  char mode[8];
  std::snprintf(mode, sizeof(mode), "%04o",
                exists ? static_cast<unsigned>(info.st_mode & 07777) : 0);
  return Json{{"path", path},
              {"exists", exists},
              {"errno", error},
              {"error", ErrorNameJson(error)},
              {"symlink", is_symlink},
              {"type", exists ? Json(TypeName(info.st_mode)) : Json(nullptr)},
              {"mode", exists ? Json(mode) : Json(nullptr)},
              {"uid", exists ? Json(info.st_uid) : Json(nullptr)},
              {"gid", exists ? Json(info.st_gid) : Json(nullptr)},
              {"size", exists ? Json(info.st_size) : Json(nullptr)}};
}

Json Read(const std::string& path) {
  FileContent content = ReadFileBounded(path, kReadBytes);
  Json result{{"path", path}};
  result.update(AttemptJson(content.error));
  bool text = IsValidUtf8(content.data);
  result["bytes"] = content.data.size();
  result["truncated"] = content.truncated;
  result["encoding"] = text ? "utf8" : "base64";
  result["content"] = text ? content.data : Base64(content.data);
  return result;
}

}  // namespace

Json FilesSection(const ObserveOptions& options) {
  Json exists = Json::array();
  for (const std::string& path : options.exists_paths) exists.push_back(Exists(path));
  Json read = Json::array();
  for (const std::string& path : options.read_paths) read.push_back(Read(path));
  return Json{{"exists", exists}, {"read", read}};
}

}  // namespace sandcheck::probe
