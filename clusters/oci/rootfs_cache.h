// The content-addressed rootfs cache: <cache>/<sha256 of every input>. A tree is built in a
// private directory and renamed into place only when complete, so a reader never sees half
// a tree, and concurrent builders of the same key cannot corrupt each other: the first
// rename wins and the others discard their copy.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "clusters/oci/rootfs_recipe.h"
#include "core/result.h"
#include "core/run_id.h"
#include "core/timeouts.h"

namespace sandcheck {

// Prefix of in-progress build directories: ".build-<run>-<n>". A sweep removes those of
// abandoned runs.
inline constexpr std::string_view kRootfsBuildPrefix = ".build-";

// The cache key of `inputs`: hex SHA-256 over the recipe version and every input's bytes.
std::string RootfsKey(const RootfsInputs& inputs);

// <cache_dir>/<key>, built first when absent. `builder` names the build directory.
Result<std::filesystem::path> EnsureRootfs(const std::filesystem::path& cache_dir,
                                           const RootfsInputs& inputs, const RunId& builder);

// <cache_dir>/<name>, built by `build` into an empty private directory first when absent and
// renamed into place only when complete (the first of concurrent builders wins).
Result<std::filesystem::path> EnsureTree(
    const std::filesystem::path& cache_dir, const std::string& name, const RunId& builder,
    const std::function<Status(const std::filesystem::path&)>& build);

// A fresh private scratch path beside the trees, swept with the build directories of its run.
std::filesystem::path ScratchPath(const std::filesystem::path& cache_dir, const RunId& builder);

// EnsureRootfs for deployments, remembering per process which tree an unchanged set of
// input files produced: the files' identity (device, inode, size, mtime, ctime) stands in
// for re-reading and re-hashing megabytes on every Acquire. A changed file misses the memo
// and takes the full, content-addressed way.
class RootfsCache {
 public:
  explicit RootfsCache(std::filesystem::path dir) : dir_(std::move(dir)) {}

  Result<std::filesystem::path> Ensure(const Deployment& deployment, const RootfsSources& sources,
                                       const RunId& builder, Duration timeout);

 private:
  std::filesystem::path dir_;
  std::mutex mutex_;
  std::map<std::string, std::filesystem::path> known_;  // file identities -> tree
};

}  // namespace sandcheck
