// Recipes that lay out a sandbox root filesystem in an empty directory. The recipe's
// inputs are loaded into memory first, so the same bytes are hashed (rootfs_cache.h) and
// written; a recipe never reads anything else from the host.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/deployment.h"
#include "core/result.h"
#include "core/timeouts.h"

namespace sandcheck {

// Bumped whenever a recipe lays out the tree differently; part of the cache key.
inline constexpr std::string_view kBusyboxRecipeVersion = "busybox-recipe-2";

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
};

struct RootfsSources {
  std::filesystem::path busybox = "/bin/busybox";
  std::filesystem::path probe;  // host path of sandcheck-probe
};

// Reads every input of the deployment's image from the host, and asks the host's busybox
// for its applets (never a copy being written: exec'ing a file that a concurrently forked
// child still holds open for writing fails with ETXTBSY).
Result<RootfsInputs> LoadRootfsInputs(const Deployment& deployment, const RootfsSources& sources,
                                      Duration timeout = std::chrono::seconds(30));

// Writes the recipe's tree into the empty directory `root`. Needs root (it chowns).
Status BuildRootfsTree(const std::filesystem::path& root, const RootfsInputs& inputs);

}  // namespace sandcheck
