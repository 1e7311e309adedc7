// Recipes that lay out a sandbox root filesystem in an empty directory. The recipe's
// inputs are loaded into memory first, so the same bytes are hashed (rootfs_cache.h) and
// written; a recipe never reads anything else from the host.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "clusters/oci/image_spec.h"
#include "core/deployment.h"
#include "core/result.h"
#include "core/timeouts.h"

namespace sandcheck {

// Bumped whenever a recipe lays out the tree differently; part of the cache key.
inline constexpr std::string_view kBusyboxRecipeVersion = "busybox-recipe-3";

// The owner of /home/agent, as the deployments' non-root user.
inline constexpr uint32_t kAgentUid = 1000;
inline constexpr uint32_t kAgentGid = 1000;

struct NamedFile {
  std::string name;  // the basename it gets in the tree
  std::string bytes;
};

struct RootfsInputs {
  std::string recipe;                           // Deployment::image.recipe
  std::string busybox;                          // bytes of a static busybox
  std::vector<std::string> busybox_applets;     // its applet paths, "usr/bin/awk"
  std::string probe;                            // bytes of sandcheck-probe
  std::optional<std::string> managed_settings;  // /etc/claude-code/managed-settings.json
  std::vector<NamedFile> hooks;                 // /etc/claude-code/hooks/<name>
  // The claude-code recipe: a cached base tree (claude_code_base.h) the tree is cloned from
  // by hard links, and that base's cache key. Empty for busybox.
  std::filesystem::path base_tree;
  std::string base_key;
};

struct RootfsSources {
  std::filesystem::path busybox = "/bin/busybox";
  std::filesystem::path probe;  // host path of sandcheck-probe
  // The claude-code recipe's pin.
  std::filesystem::path claude_code_image = DefaultClaudeCodeImageSpec();
  // Claude-code bases shared between state directories (EnsureClaudeCodeBase); empty: none.
  std::filesystem::path shared_bases = {};
};

// Reads every input of the deployment's image from the host, and asks the host's busybox
// for its applets (never a copy being written: exec'ing a file that a concurrently forked
// child still holds open for writing fails with ETXTBSY).
Result<RootfsInputs> LoadRootfsInputs(const Deployment& deployment, const RootfsSources& sources,
                                      Duration timeout = std::chrono::seconds(30));

// Writes the recipe's tree into the empty directory `root`. Needs root (it chowns).
Status BuildRootfsTree(const std::filesystem::path& root, const RootfsInputs& inputs);

// The steps both recipes share, for the claude-code base (claude_code_base.h).
// The directory skeleton, with the agent's home and workspace owned by the agent.
Status MakeSkeleton(const std::filesystem::path& root);
// bin/busybox and a link for every applet whose path is still free.
Status InstallBusybox(const std::filesystem::path& root, const RootfsInputs& inputs);
// /etc/passwd, group and hosts: root, the agent (uid 1000) and nobody.
Status WriteAccounts(const std::filesystem::path& root);

}  // namespace sandcheck
