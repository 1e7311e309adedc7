#include "clusters/oci/sweep.h"

#include <map>

#include "clusters/oci/bundle_config.h"
#include "clusters/oci/container_teardown.h"
#include "clusters/oci/host_cgroups.h"
#include "clusters/oci/overlay_mount.h"
#include "clusters/oci/rootfs_cache.h"
#include "core/fs_util.h"
#include "core/log.h"
#include "core/mountinfo.h"

namespace sandcheck {
namespace {

struct OwnedContainer {
  const RuntimeCli* runtime;
  std::string id;
  RunId run;
};

// Collects failures without stopping: one stuck object must not shield the rest.
class FailureList {
 public:
  void Note(const Status& status) {
    if (status.ok()) return;
    if (!text_.empty()) text_ += "; ";
    text_ += status.message();
  }
  Status ToStatus() const { return text_.empty() ? Status::Ok() : Status(Error{text_}); }

 private:
  std::string text_;
};

std::vector<std::string> EntryNames(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    names.push_back(entry.path().filename().string());
  }
  return names;
}

// Run id of a rootfs build directory ".build-<run>-<n>".
std::optional<RunId> RunIdOfBuildDir(const std::string& name) {
  if (!name.starts_with(kRootfsBuildPrefix)) return std::nullopt;
  auto run = RunId::Parse(std::string_view(name).substr(kRootfsBuildPrefix.size(), 8));
  if (!run.ok()) return std::nullopt;
  return std::move(run).value();
}

std::optional<RunId> RunIdOfLockFile(const std::string& name) {
  if (!name.ends_with(".lock")) return std::nullopt;
  auto run = RunId::Parse(std::string_view(name).substr(0, name.size() - 5));
  if (!run.ok()) return std::nullopt;
  return std::move(run).value();
}

}  // namespace

Status SweepAbandonedRuns(const StateLayout& layout,
                          const std::vector<std::shared_ptr<const RuntimeCli>>& runtimes,
                          const RunId& self) {
  FailureList failures;
  std::map<std::string, RunId> candidates;
  auto consider = [&](const std::optional<RunId>& run) {
    if (run && !(*run == self)) candidates.emplace(run->str(), *run);
  };

  std::vector<OwnedContainer> containers;
  for (const auto& runtime : runtimes) {
    auto listed = runtime->List();
    if (!listed.ok()) {
      failures.Note(listed.error());
      continue;
    }
    for (const auto& container : *listed) {
      auto run = RunIdOfResource(container.id);
      consider(run);
      if (run) containers.push_back({runtime.get(), container.id, *run});
    }
  }
  for (const auto& name : EntryNames(layout.run_dir)) {
    auto run = RunId::Parse(name);
    if (run.ok()) consider(*run);
  }
  for (const auto& name : EntryNames(layout.rootfs_cache())) consider(RunIdOfBuildDir(name));
  for (const auto& name : EntryNames(layout.locks())) consider(RunIdOfLockFile(name));
  auto mounts = ReadMountInfo();
  if (!mounts.ok()) return mounts.error();

  // Claiming a run's lock proves it abandoned and keeps anyone else from sweeping it.
  std::map<std::string, RunLock> claimed;
  for (const auto& [name, run] : candidates) {
    auto lock = RunLock::Acquire(layout.locks(), run);
    if (lock.ok()) claimed.emplace(name, std::move(lock).value());
  }
  if (claimed.empty()) return failures.ToStatus();
  auto is_claimed = [&](const RunId& run) { return claimed.count(run.str()) > 0; };

  for (const auto& container : containers) {
    if (!is_claimed(container.run)) continue;
    SC_INFO("sweep: removing container {} of abandoned run {}", container.id, container.run.str());
    failures.Note(WithContext(RemoveContainer(*container.runtime, container.id, {}),
                              "sweep container " + container.id));
  }
  for (const auto& [name, lock] : claimed) {
    RunId run = candidates.at(name);
    for (const auto& point : MountsUnder(*mounts, layout.run(run))) failures.Note(Unmount(point));
    failures.Note(RemoveTreeWithoutMounts(layout.run(run)));
    for (const auto& entry : EntryNames(layout.rootfs_cache())) {
      auto builder = RunIdOfBuildDir(entry);
      if (builder && *builder == run) {
        failures.Note(RemoveTreeWithoutMounts(layout.rootfs_cache() / entry));
      }
    }
    SC_INFO("sweep: removed what abandoned run {} left", name);
  }
  // Cgroups are host-wide, not per state directory: they are removed only for runs this
  // state directory proves abandoned, never proposed as candidates themselves.
  for (const auto& point : CgroupMountPoints(*mounts)) {
    for (const auto& name : EntryNames(point / kCgroupParent)) {
      auto run = RunIdOfResource(name);
      if (run && is_claimed(*run)) failures.Note(RemoveCgroupTree(point / kCgroupParent / name));
    }
  }
  return failures.ToStatus();
}

}  // namespace sandcheck
