// The base tree of the claude-code image: the busybox skeleton, the Debian packages the pin
// names (apt-get download + dpkg-deb -x), and the real Claude Code binary from its npm package
// (npm pack). Built once per content hash of its inputs into the rootfs cache; each
// deployment's tree is a hard-link clone of it plus the deployment's policy files.
#pragma once

#include <filesystem>
#include <string>

#include "clusters/oci/rootfs_recipe.h"
#include "core/claude_code_image.h"
#include "core/result.h"
#include "core/run_id.h"
#include "core/timeouts.h"

namespace sandcheck {

// Bumped whenever the base is laid out differently; part of its cache key.
inline constexpr std::string_view kClaudeCodeBaseVersion = "claude-code-base-1";

struct ClaudeCodeBase {
  std::filesystem::path tree;
  std::string key;
};

// <cache_dir>/claude-code-base-<key>, built first when absent. `busybox` supplies the
// busybox bytes and applets (the probe and policy files are not part of the base).
// `shared_dir` (empty: none) is a directory of bases shared between state directories, such
// as the test programs of one build: a base found there is hard-link cloned into `cache_dir`
// (same filesystem) instead of built, and a base built here is published there. The key is
// the content hash of every input, so a shared base is never stale.
Result<ClaudeCodeBase> EnsureClaudeCodeBase(const std::filesystem::path& cache_dir,
                                            const std::filesystem::path& spec_file,
                                            const RootfsInputs& busybox, const RunId& builder,
                                            Duration timeout,
                                            const std::filesystem::path& shared_dir = {});

}  // namespace sandcheck
