// Sandbox images for the engine, made from sandcheck's own rootfs recipe (no registry is
// reachable): the oci substrate's recipe lays the tree out, tar streams it, and
// POST /images/create?fromSrc=- imports it, tagged sandcheck-rootfs:<content hash>. The tag
// is the cache: an unchanged recipe and inputs find the image already imported.
#pragma once

#include <string>

#include "clusters/docker/engine_client.h"
#include "clusters/oci/rootfs_recipe.h"
#include "core/result.h"
#include "core/run_id.h"

namespace sandcheck {

inline constexpr std::string_view kImageRepository = "sandcheck-rootfs";

struct SandboxImage {
  std::string reference;  // sandcheck-rootfs:<sha256 of the inputs>
  std::string id;         // the engine's image id, "sha256:..."
};

// Where the claude-code recipe's base tree is cached (claude_code_base.h) and who builds it.
struct BaseCache {
  std::filesystem::path dir;
  RunId builder;
};

// What decides a deployment's image: its recipe and the Claude Code files baked in. Substrates
// cache their imported (or loaded) images by it.
std::string ImageCacheKey(const Deployment& deployment);

// The imported image for `deployment`, importing it first when the engine lacks the tag.
Result<SandboxImage> EnsureSandboxImage(const EngineClient& engine, const Deployment& deployment,
                                        const RootfsSources& sources, const BaseCache& bases,
                                        Duration timeout);

}  // namespace sandcheck
