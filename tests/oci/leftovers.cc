#include "tests/oci/leftovers.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "clusters/oci/bundle_config.h"
#include "clusters/oci/host_cgroups.h"
#include "core/mountinfo.h"

namespace sandcheck {
namespace {

// Any process whose command line mentions `needle` (runsc's gofer and sandbox carry the
// bundle path, which carries the container id).
std::vector<pid_t> ProcessesMentioning(const std::string& needle) {
  std::vector<pid_t> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream cmdline(entry.path() / "cmdline");
    std::stringstream text;
    text << cmdline.rdbuf();
    if (text.str().find(needle) != std::string::npos) found.push_back(std::stoi(name));
  }
  return found;
}

}  // namespace

std::vector<std::string> ListedIds(const RuntimeCli& runtime) {
  std::vector<std::string> ids;
  auto listed = runtime.List();
  EXPECT_TRUE(listed.ok()) << listed.message();
  if (listed.ok()) {
    for (const auto& container : *listed) ids.push_back(container.id);
  }
  return ids;
}

std::vector<std::string> FindLeftovers(const RuntimeCli& runtime, const SandboxTraces& traces) {
  std::vector<std::string> leftovers;
  for (const auto& id : ListedIds(runtime)) {
    if (id == traces.container_id) leftovers.push_back("container " + id + " still listed");
  }
  auto mounts = ReadMountInfo();
  EXPECT_TRUE(mounts.ok()) << mounts.message();
  if (mounts.ok()) {
    for (const auto& point : MountsUnder(*mounts, traces.bundle_dir)) {
      leftovers.push_back("mount " + point.string());
    }
    for (const auto& point : CgroupMountPoints(*mounts)) {
      auto cgroup = point / kCgroupParent / traces.container_id;
      if (std::filesystem::exists(cgroup)) leftovers.push_back("cgroup " + cgroup.string());
    }
  }
  if (std::filesystem::exists(traces.bundle_dir)) {
    leftovers.push_back("bundle directory " + traces.bundle_dir.string());
  }
  for (pid_t pid : traces.pids) {
    if (std::filesystem::exists("/proc/" + std::to_string(pid))) {
      leftovers.push_back("process " + std::to_string(pid) + " (running or unreaped)");
    }
  }
  for (pid_t pid : ProcessesMentioning(traces.container_id)) {
    leftovers.push_back("process " + std::to_string(pid) + " mentioning " + traces.container_id);
  }
  return leftovers;
}

}  // namespace sandcheck
