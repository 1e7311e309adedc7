// Where the oci substrate keeps things on the host. One state directory holds everything, so
// a sweep can find what any earlier run left there:
//
//   <state>/locks/<run>.lock              run locks (core/run_id.h)
//   <state>/rootfs/<sha256>/              cached root filesystems, never written after rename
//   <state>/rootfs/.build-<run>-<n>/      a rootfs being built
//   <run_dir>/<run>/<container-id>/       one bundle per sandbox (run_dir: <state>/run)
//   <state>/volumes/<name>/               named volumes; they outlive sandboxes
//   <state>/runtime/<runtime>/            the runtime's --root (its container state)
//   <state>/cgroup-mounts/<controller>/   mount point for a runtime wrapper's private mounts
//   <state>/netns/<namespace>             world namespaces this state dir made (clusters/world)
#pragma once

#include <filesystem>
#include <string>

#include "core/run_id.h"

namespace sandcheck {

struct StateLayout {
  std::filesystem::path state_dir;
  std::filesystem::path run_dir;

  std::filesystem::path locks() const { return state_dir / "locks"; }
  std::filesystem::path rootfs_cache() const { return state_dir / "rootfs"; }
  std::filesystem::path run(const RunId& run) const { return run_dir / run.str(); }
  std::filesystem::path bundle(const RunId& run_id, const std::string& container_id) const {
    return run(run_id) / container_id;
  }
  std::filesystem::path volumes() const { return state_dir / "volumes"; }
  std::filesystem::path runtime_root(std::string_view runtime) const {
    return state_dir / "runtime" / std::string(runtime);
  }
  std::filesystem::path cgroup_mounts() const { return state_dir / "cgroup-mounts"; }
  std::filesystem::path netns() const { return state_dir / "netns"; }
};

// Files inside one bundle directory.
struct BundlePaths {
  std::filesystem::path dir;

  std::filesystem::path config() const { return dir / "config.json"; }
  std::filesystem::path rootfs() const { return dir / "rootfs"; }  // the overlay mount point
  std::filesystem::path upper() const { return dir / "upper"; }
  std::filesystem::path work() const { return dir / "work"; }
  std::filesystem::path pid_file() const { return dir / "init.pid"; }
  // The container's stdio: files, never pipes, because the container keeps them open.
  std::filesystem::path init_stdout() const { return dir / "init.stdout"; }
  std::filesystem::path init_stderr() const { return dir / "init.stderr"; }
  std::filesystem::path exec_process(int n) const {
    return dir / ("exec-" + std::to_string(n) + ".json");
  }
};

}  // namespace sandcheck
