// writable: which paths the probe can write, found by trying. Directories get a uniquely named
// file created (O_EXCL) and removed at once; existing files are opened O_WRONLY without
// O_TRUNC and closed without writing a byte, so nothing is ever modified.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "tools/probe/encoding.h"
#include "tools/probe/sections/sections.h"
#include "tools/probe/sys.h"

namespace sandcheck::probe {
namespace {

struct Target {
  std::string path;
  std::string role;
  bool create_if_missing = false;  // only for --write paths: the others must already exist
};

// A name no other process uses: pid plus a per-process counter.
std::string UniqueName(const std::string& directory) {
  static int counter = 0;
  std::string separator = directory.ends_with('/') ? "" : "/";
  return directory + separator + ".sandcheck-probe-" + std::to_string(::getpid()) + "-" +
         std::to_string(counter++);
}

// Opens `path` as `flags` asks; if that created a file, removes it again.
Json OpenAndClean(const std::string& path, int flags, bool created) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC | O_NOCTTY, 0600);
  int error = fd < 0 ? errno : 0;
  int cleanup_error = 0;
  if (fd >= 0) {
    ::close(fd);
    if (created && ::unlink(path.c_str()) != 0) cleanup_error = errno;
  }
  Json result{{"writable", error == 0}, {"errno", error}, {"error", ErrorNameJson(error)}};
  result["cleanup_error"] = ErrorNameJson(cleanup_error);
  return result;
}

Json TryWrite(const Target& target) {
  struct stat info;
  bool exists = ::stat(target.path.c_str(), &info) == 0;
  int stat_error = exists ? 0 : errno;
  Json result{{"path", target.path}, {"role", target.role}};
  Json attempt;
  if (!exists && !target.create_if_missing) {
    result["method"] = "stat";
    attempt = {{"writable", false},
               {"errno", stat_error},
               {"error", ErrorNameJson(stat_error)},
               {"cleanup_error", nullptr}};
  } else if (exists && S_ISDIR(info.st_mode)) {
    result["method"] = "create_in_directory";
    attempt = OpenAndClean(UniqueName(target.path), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW,
                           /*created=*/true);
  } else if (exists) {
    // O_NONBLOCK: a FIFO without a reader must fail (ENXIO), not hang the probe.
    result["method"] = "open_existing";
    attempt = OpenAndClean(target.path, O_WRONLY | O_NONBLOCK, /*created=*/false);
  } else {
    result["method"] = "create_new";
    attempt = OpenAndClean(target.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW,
                           /*created=*/true);
  }
  result.update(attempt);
  return result;
}

// cgroup v1 release_agent files: the classic container-escape write target. They sit at the
// root of each v1 hierarchy, i.e. at most two levels below /sys/fs/cgroup.
void FindReleaseAgents(const std::string& directory, int depth, std::vector<Target>* targets) {
  DIR* dir = ::opendir(directory.c_str());
  if (dir == nullptr) return;
  while (struct dirent* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    std::string path = directory + "/" + name;
    if (name == "release_agent") {
      targets->push_back({path, "cgroup_release_agent"});
    } else if (depth > 1 && IsDirectoryEntry(path, entry->d_type)) {
      FindReleaseAgents(path, depth - 1, targets);
    }
  }
  ::closedir(dir);
}

std::optional<std::string> HomeDirectory() {
  FileContent passwd = ReadFileBounded("/etc/passwd");
  if (auto entry = FindPasswdEntry(passwd.data, ::getuid()); entry && !entry->home.empty()) {
    return entry->home;
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home == '/') return home;
  return std::nullopt;
}

}  // namespace

Json WritableSection(const ObserveOptions& options) {
  std::vector<Target> targets = {
      {"/", "root"},
      {"/etc", "etc"},
      {"/usr", "usr"},
      {"/tmp", "tmp"},
      {"/proc/sys/kernel/hostname", "proc_sys_hostname"},
      {"/proc/sys/kernel/core_pattern", "proc_sys_core_pattern"},
      {"/proc/sysrq-trigger", "proc_sysrq_trigger"},
      {"/sys/kernel", "sys_kernel"},
  };
  FindReleaseAgents("/sys/fs/cgroup", 2, &targets);
  if (auto home = HomeDirectory()) targets.push_back({*home, "home"});
  if (char* cwd = ::getcwd(nullptr, 0)) {
    targets.push_back({cwd, "cwd"});
    std::free(cwd);
  }
  for (const std::string& path : options.write_paths) targets.push_back({path, "requested", true});

  Json entries = Json::array();
  for (const Target& target : targets) entries.push_back(TryWrite(target));
  return Json{{"entries", entries}};
}

}  // namespace sandcheck::probe
