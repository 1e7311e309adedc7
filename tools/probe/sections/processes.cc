// processes: every process the probe can see in /proc, with its name and owner. A sandbox
// with its own PID namespace shows only its own few processes.
#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

#include "tools/probe/encoding.h"
#include "tools/probe/sections/sections.h"
#include "tools/probe/sys.h"

namespace sandcheck::probe {
namespace {

constexpr size_t kMaxListed = 5000;

// The first (real) and second (effective) ids of a "Uid:" or "Gid:" status line.
std::pair<Json, Json> RealAndEffective(const std::map<std::string, std::string>& fields,
                                       const std::string& name) {
  auto it = fields.find(name);
  if (it == fields.end()) return {nullptr, nullptr};
  std::vector<std::string_view> ids = Split(it->second, '\t');
  auto id = [&](size_t i) -> Json {
    if (i >= ids.size()) return nullptr;
    auto value = ParseInt(Trim(ids[i]));
    return value ? Json(*value) : Json(nullptr);
  };
  return {id(0), id(1)};
}

}  // namespace

Json ProcessesSection(const ObserveOptions&) {
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) throw std::runtime_error("opendir /proc: " + ErrnoName(errno));
  std::vector<int> pids;
  while (struct dirent* entry = ::readdir(proc)) {
    if (auto pid = ParseInt(entry->d_name); pid && *pid > 0) pids.push_back(*pid);
  }
  ::closedir(proc);
  std::sort(pids.begin(), pids.end());

  Json entries = Json::array();
  for (int pid : pids) {
    if (entries.size() >= kMaxListed) break;
    FileContent status = ReadFileBounded("/proc/" + std::to_string(pid) + "/status", 65536);
    if (status.error != 0) continue;  // exited while we listed
    auto fields = ParseStatusFields(status.data);
    auto [uid, euid] = RealAndEffective(fields, "Uid");
    auto field = [&](const char* name) -> Json {
      auto it = fields.find(name);
      return it == fields.end() ? Json(nullptr) : Json(it->second);
    };
    auto ppid = ParseInt(fields["PPid"]);
    entries.push_back({{"pid", pid},
                       {"ppid", ppid ? Json(*ppid) : Json(nullptr)},
                       {"comm", field("Name")},
                       {"state", field("State")},
                       {"uid", uid},
                       {"euid", euid}});
  }
  return Json{{"self_pid", ::getpid()},
              {"parent_pid", ::getppid()},
              {"count", pids.size()},
              {"truncated", pids.size() > kMaxListed},
              {"entries", entries}};
}

}  // namespace sandcheck::probe
