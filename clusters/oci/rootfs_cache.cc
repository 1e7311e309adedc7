#include "clusters/oci/rootfs_cache.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>

#include <atomic>
#include <cstring>

#include "clusters/oci/claude_code_base.h"
#include "clusters/oci/content_hash.h"
#include "core/fs_util.h"
#include "core/log.h"

namespace sandcheck {
namespace {

// Identity of every input file of the deployment's rootfs; nullopt when one cannot be
// stat'ed (the full way then reports the error).
std::optional<std::string> InputFileIdentity(const Deployment& deployment,
                                             const RootfsSources& sources) {
  std::vector<std::filesystem::path> files = {sources.busybox, sources.probe};
  if (deployment.image.recipe == "claude-code") files.push_back(sources.claude_code_image);
  if (deployment.claude.managed_settings) files.push_back(*deployment.claude.managed_settings);
  files.insert(files.end(), deployment.claude.hooks.begin(), deployment.claude.hooks.end());
  std::string identity = deployment.image.recipe;
  for (const auto& file : files) {
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0) return std::nullopt;
    identity += fmt::format("|{}:{}:{}:{}:{}.{}:{}.{}", file.string(), info.st_dev, info.st_ino,
                            info.st_size, info.st_mtim.tv_sec, info.st_mtim.tv_nsec,
                            info.st_ctim.tv_sec, info.st_ctim.tv_nsec);
  }
  return identity;
}

}  // namespace

std::string RootfsKey(const RootfsInputs& inputs) {
  ContentHasher hasher;
  hasher.Add("recipe-version", kBusyboxRecipeVersion);
  hasher.Add("recipe", inputs.recipe);
  hasher.Add("busybox", inputs.busybox);
  for (const auto& applet : inputs.busybox_applets) hasher.Add("applet", applet);
  hasher.Add("probe", inputs.probe);
  if (inputs.managed_settings) hasher.Add("managed-settings", *inputs.managed_settings);
  for (const auto& hook : inputs.hooks) hasher.Add("hook:" + hook.name, hook.bytes);
  if (!inputs.base_key.empty()) hasher.Add("base", inputs.base_key);
  return hasher.HexDigest();
}

std::filesystem::path ScratchPath(const std::filesystem::path& cache_dir, const RunId& builder) {
  static std::atomic<int> build_counter{0};
  return cache_dir / fmt::format("{}{}-{}", kRootfsBuildPrefix, builder.str(), ++build_counter);
}

Result<std::filesystem::path> EnsureRootfs(const std::filesystem::path& cache_dir,
                                           const RootfsInputs& inputs, const RunId& builder) {
  return EnsureTree(
      cache_dir, RootfsKey(inputs), builder,
      [&inputs](const std::filesystem::path& root) { return BuildRootfsTree(root, inputs); });
}

Result<std::filesystem::path> EnsureTree(
    const std::filesystem::path& cache_dir, const std::string& name, const RunId& builder,
    const std::function<Status(const std::filesystem::path&)>& build) {
  auto final_dir = cache_dir / name;
  std::error_code ec;
  if (std::filesystem::is_directory(final_dir, ec)) return final_dir;

  auto build_dir = ScratchPath(cache_dir, builder);
  std::filesystem::create_directories(cache_dir, ec);
  if (ec) return Fail("create {}: {}", cache_dir.string(), ec.message());
  if (!std::filesystem::create_directory(build_dir, ec)) {
    return Fail("create {}: {}", build_dir.string(), ec ? ec.message() : "already exists");
  }
  Status built = build(build_dir);
  // RENAME_NOREPLACE: an existing tree of the same key is never replaced under its readers.
  if (built.ok() && ::renameat2(AT_FDCWD, build_dir.c_str(), AT_FDCWD, final_dir.c_str(),
                                RENAME_NOREPLACE) == 0) {
    SC_DEBUG("built rootfs {}", final_dir.string());
    return final_dir;
  }
  int rename_errno = errno;
  Status discarded = RemoveTreeWithoutMounts(build_dir);
  if (!discarded.ok()) SC_WARN("rootfs build directory left behind: {}", discarded.message());
  if (!built.ok()) return Fail("build tree {}: {}", build_dir.string(), built.message());
  if (rename_errno == EEXIST || rename_errno == ENOTEMPTY) return final_dir;  // another builder won
  return Fail("rename {} to {}: {}", build_dir.string(), final_dir.string(),
              std::strerror(rename_errno));
}

Result<std::filesystem::path> RootfsCache::Ensure(const Deployment& deployment,
                                                  const RootfsSources& sources,
                                                  const RunId& builder, Duration timeout) {
  auto identity = InputFileIdentity(deployment, sources);
  if (identity) {
    std::lock_guard lock(mutex_);
    auto it = known_.find(*identity);
    std::error_code ec;
    if (it != known_.end() && std::filesystem::is_directory(it->second, ec)) return it->second;
  }
  ASSIGN_OR_RETURN(RootfsInputs inputs, LoadRootfsInputs(deployment, sources, timeout));
  if (inputs.recipe == "claude-code") {
    ASSIGN_OR_RETURN(ClaudeCodeBase base,
                     EnsureClaudeCodeBase(dir_, sources.claude_code_image, inputs, builder, timeout,
                                          sources.shared_bases));
    inputs.base_tree = base.tree;
    inputs.base_key = base.key;
  }
  ASSIGN_OR_RETURN(auto tree, EnsureRootfs(dir_, inputs, builder));
  if (identity) {
    std::lock_guard lock(mutex_);
    known_[*identity] = tree;
  }
  return tree;
}

}  // namespace sandcheck
