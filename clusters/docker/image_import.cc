#include "clusters/docker/image_import.h"

#include <sstream>

#include "clusters/oci/claude_code_base.h"
#include "clusters/oci/rootfs_cache.h"
#include "core/fs_util.h"
#include "core/log.h"
#include "core/process.h"

namespace sandcheck {
namespace {

// The image's id when the engine has `reference`, nullopt when it does not.
Result<std::optional<std::string>> InspectImage(const EngineClient& engine,
                                                const std::string& reference, Duration timeout) {
  ASSIGN_OR_RETURN(EngineResponse response,
                   engine.Call({"GET", "/images/" + reference + "/json", "", "", timeout}));
  if (response.status == 404) return std::optional<std::string>();
  auto parsed = nlohmann::json::parse(response.body, nullptr, false);
  if (response.status != 200 || !parsed.is_object() || !parsed.contains("Id")) {
    return Fail("GET /images/{}/json: HTTP {}: {}", reference, response.status,
                response.body.substr(0, 300));
  }
  return std::optional<std::string>(parsed["Id"].get<std::string>());
}

// The import answers 200 and then streams progress; a failure is an "error" line in it.
Status ImportTar(const EngineClient& engine, const std::string& tag, std::string tar,
                 Duration timeout) {
  std::string path =
      fmt::format("/images/create?fromSrc=-&repo={}&tag={}&changes={}", kImageRepository, tag,
                  UrlEncode("LABEL io.sandcheck.image=rootfs"));
  ASSIGN_OR_RETURN(EngineResponse response,
                   engine.Call({"POST", path, std::move(tar), "application/x-tar", timeout}));
  if (response.timed_out) return Fail("POST {}: no answer within {} ms", path, timeout.count());
  if (response.status != 200) {
    return Fail("POST {}: HTTP {}: {}", path, response.status, response.body.substr(0, 300));
  }
  std::istringstream lines(response.body);
  for (std::string line; std::getline(lines, line);) {
    auto message = nlohmann::json::parse(line, nullptr, false);
    if (message.is_object() && message.contains("error")) {
      return Fail("POST {}: {}", path, message["error"].dump());
    }
  }
  return Status::Ok();
}

}  // namespace

Result<SandboxImage> EnsureSandboxImage(const EngineClient& engine, const Deployment& deployment,
                                        const RootfsSources& sources, const BaseCache& bases,
                                        Duration timeout) {
  ASSIGN_OR_RETURN(RootfsInputs inputs, LoadRootfsInputs(deployment, sources, timeout));
  if (inputs.recipe == "claude-code") {
    ASSIGN_OR_RETURN(ClaudeCodeBase base,
                     EnsureClaudeCodeBase(bases.dir, sources.claude_code_image, inputs,
                                          bases.builder, timeout, sources.shared_bases));
    inputs.base_tree = base.tree;
    inputs.base_key = base.key;
  }
  std::string key = RootfsKey(inputs);
  SandboxImage image{fmt::format("{}:{}", kImageRepository, key), ""};
  ASSIGN_OR_RETURN(auto known, InspectImage(engine, image.reference, timeout));
  if (known) {
    image.id = *known;
    return image;
  }
  // Beside the base, which the tree is cloned from by hard links; named for the sweep.
  auto scratch = ScratchPath(bases.dir, bases.builder);
  auto root = scratch / "rootfs";
  std::error_code ec;
  std::filesystem::create_directories(root, ec);
  if (ec) return Fail("create {}: {}", root.string(), ec.message());
  auto archive = [&]() -> Result<ProcessOutcome> {
    RETURN_IF_ERROR(WithContext(BuildRootfsTree(root, inputs), "build rootfs " + root.string()));
    // Owners are kept as numbers: the image's passwd is not the host's.
    ProcessSpec tar;
    tar.argv = {"tar", "--numeric-owner", "-C", root.string(), "-cf", "-", "."};
    tar.timeout = timeout;
    return RunChecked(tar);
  }();
  Status removed = RemoveTreeWithoutMounts(scratch);
  if (!removed.ok()) SC_WARN("image scratch directory left behind: {}", removed.message());
  if (!archive.ok()) return archive.error();
  RETURN_IF_ERROR(ImportTar(engine, key, std::move(archive->out), timeout));
  ASSIGN_OR_RETURN(known, InspectImage(engine, image.reference, timeout));
  if (!known) return Fail("image {} is missing right after its import", image.reference);
  image.id = *known;
  SC_INFO("imported {} as {}", image.reference, image.id);
  return image;
}

std::string ImageCacheKey(const Deployment& deployment) {
  std::string key = deployment.image.recipe;
  if (deployment.claude.managed_settings) key += "|" + deployment.claude.managed_settings->string();
  for (const auto& hook : deployment.claude.hooks) key += "|" + hook.string();
  return key;
}

}  // namespace sandcheck
