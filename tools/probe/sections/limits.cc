// limits: the resource limits visible from inside: cgroup v2 and v1 limit files (whichever
// are mounted), the probe's /proc/self/cgroup, and its rlimits.
#include <sys/resource.h>

#include "tools/probe/sections/sections.h"
#include "tools/probe/sys.h"

namespace sandcheck::probe {
namespace {

struct LimitFile {
  const char* key;
  const char* v2_file;  // in the unified hierarchy; nullptr: v1 only
  const char* v1_controller;
  const char* v1_file;
};

constexpr LimitFile kLimitFiles[] = {
    {"memory_max", "memory.max", "memory", "memory.limit_in_bytes"},
    {"memory_swap_max", "memory.swap.max", "memory", "memory.memsw.limit_in_bytes"},
    {"pids_max", "pids.max", "pids", "pids.max"},
    {"cpu_max", "cpu.max", "cpu", "cpu.cfs_quota_us"},
    {"cpu_period", nullptr, "cpu", "cpu.cfs_period_us"},  // v2 has it inside cpu.max
};

// Where a limit file may be: inside the probe's own cgroup (no cgroup namespace), then at
// the root of the mounted hierarchy (a cgroup namespace makes the own cgroup the root).
std::vector<std::string> Candidates(const LimitFile& file,
                                    const std::vector<CgroupMembership>& memberships) {
  std::vector<std::string> paths;
  for (const CgroupMembership& membership : memberships) {
    bool unified = membership.hierarchy_id == 0 && membership.controllers.empty();
    bool has_controller = HasOption(membership.controllers, file.v1_controller);
    std::string own = membership.path == "/" ? "" : membership.path;
    if (unified && file.v2_file != nullptr) {
      for (const char* root : {"/sys/fs/cgroup", "/sys/fs/cgroup/unified"}) {
        paths.push_back(std::string(root) + own + "/" + file.v2_file);
      }
    } else if (has_controller) {
      std::string root = std::string("/sys/fs/cgroup/") + file.v1_controller;
      paths.push_back(root + own + "/" + file.v1_file);
    }
  }
  if (file.v2_file != nullptr) paths.push_back(std::string("/sys/fs/cgroup/") + file.v2_file);
  paths.push_back(std::string("/sys/fs/cgroup/") + file.v1_controller + "/" + file.v1_file);
  return paths;
}

Json FirstReadable(const std::vector<std::string>& paths) {
  for (const std::string& path : paths) {
    FileContent content = ReadFileBounded(path, 4096);
    if (content.error == 0) return Json{{"path", path}, {"value", Trim(content.data)}};
  }
  return nullptr;
}

Json Rlimit(int resource) {
  struct rlimit limit;
  if (::getrlimit(resource, &limit) != 0) return nullptr;
  auto value = [](rlim_t v) { return v == RLIM_INFINITY ? Json(-1) : Json(uint64_t{v}); };
  return Json{{"soft", value(limit.rlim_cur)}, {"hard", value(limit.rlim_max)}};
}

}  // namespace

Json LimitsSection(const ObserveOptions&) {
  FileContent own = ReadFileBounded("/proc/self/cgroup", 65536);
  std::vector<CgroupMembership> memberships = ParseProcCgroup(own.data);
  Json cgroup = Json::array();
  for (const CgroupMembership& membership : memberships) {
    cgroup.push_back({{"hierarchy_id", membership.hierarchy_id},
                      {"controllers", membership.controllers},
                      {"path", membership.path}});
  }
  Json limits;
  limits["proc_self_cgroup"] = own.error == 0 ? cgroup : Json(nullptr);
  for (const LimitFile& file : kLimitFiles) {
    limits[file.key] = FirstReadable(Candidates(file, memberships));
  }
  limits["rlimits"] = {{"nproc", Rlimit(RLIMIT_NPROC)},     {"nofile", Rlimit(RLIMIT_NOFILE)},
                       {"as", Rlimit(RLIMIT_AS)},           {"data", Rlimit(RLIMIT_DATA)},
                       {"fsize", Rlimit(RLIMIT_FSIZE)},     {"cpu", Rlimit(RLIMIT_CPU)},
                       {"memlock", Rlimit(RLIMIT_MEMLOCK)}, {"core", Rlimit(RLIMIT_CORE)},
                       {"stack", Rlimit(RLIMIT_STACK)}};
  return limits;
}

}  // namespace sandcheck::probe
