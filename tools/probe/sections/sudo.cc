// sudo: whether privilege escalation binaries exist (and are setuid) and whether they work
// without a password: `sudo -n true` and `su -c true root`, stdin on /dev/null, no terminal
// (the child is a new session), killed after 3 s. Usable means exit 0.
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "tools/probe/encoding.h"
#include "tools/probe/sections/sections.h"
#include "tools/probe/sys.h"

namespace sandcheck::probe {
namespace {

constexpr Millis kEscalationTimeout{3000};

std::vector<std::string> SearchDirectories() {
  std::vector<std::string> directories;
  if (const char* path = std::getenv("PATH")) {
    for (std::string_view entry : Split(path, ':')) {
      if (entry.starts_with('/')) directories.emplace_back(entry);
    }
  }
  for (const char* standard :
       {"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"}) {
    directories.emplace_back(standard);
  }
  std::vector<std::string> unique;
  for (std::string& directory : directories) {
    if (std::find(unique.begin(), unique.end(), directory) == unique.end()) {
      unique.push_back(std::move(directory));
    }
  }
  return unique;
}

Json Escalate(const std::vector<std::string>& argv) {
  ProgramEnd end = RunProgram(argv, kEscalationTimeout);
  bool ran = end.exec_errno == 0 && end.child.fork_errno == 0;
  return Json{{"command", argv},
              {"exec_error", ErrorNameJson(end.exec_errno)},
              {"exit_code", ran && end.child.exited ? Json(end.child.exit_code) : Json(nullptr)},
              {"signal", end.child.signal != 0 ? Json(end.child.signal) : Json(nullptr)},
              {"timed_out", end.child.timed_out},
              {"usable", ran && end.child.exited && end.child.exit_code == 0},
              {"stderr_head", end.stderr_head}};
}

}  // namespace

Json SudoSection(const ObserveOptions&) {
  Json binaries = Json::array();
  std::string first_sudo;
  std::string first_su;
  std::vector<std::pair<dev_t, ino_t>> seen;  // /bin and /usr/bin are often the same directory
  for (const std::string& directory : SearchDirectories()) {
    for (const char* name : {"sudo", "su"}) {
      std::string path = directory + "/" + name;
      struct stat info;
      if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) continue;
      std::pair<dev_t, ino_t> identity{info.st_dev, info.st_ino};
      if (std::find(seen.begin(), seen.end(), identity) != seen.end()) continue;
      seen.push_back(identity);
      char mode[8];
      std::snprintf(mode, sizeof(mode), "%04o", static_cast<unsigned>(info.st_mode & 07777));
      binaries.push_back({{"name", name},
                          {"path", path},
                          {"setuid", (info.st_mode & S_ISUID) != 0},
                          {"owner_uid", info.st_uid},
                          {"mode", mode}});
      std::string& first = std::string_view(name) == "sudo" ? first_sudo : first_su;
      if (first.empty()) first = path;
    }
  }
  Json attempts;
  attempts["sudo"] = first_sudo.empty() ? Json(nullptr) : Escalate({first_sudo, "-n", "true"});
  attempts["su"] = first_su.empty() ? Json(nullptr) : Escalate({first_su, "-c", "true", "root"});
  return Json{{"binaries", binaries}, {"attempts", attempts}};
}

}  // namespace sandcheck::probe
