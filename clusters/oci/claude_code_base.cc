#include "clusters/oci/claude_code_base.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "clusters/oci/content_hash.h"
#include "clusters/oci/image_spec.h"
#include "clusters/oci/rootfs_cache.h"
#include "core/fs_util.h"
#include "core/log.h"
#include "core/process.h"

namespace sandcheck {
namespace {

Result<ProcessOutcome> RunIn(const std::filesystem::path& dir, std::vector<std::string> argv,
                             Duration timeout) {
  ProcessSpec spec;
  spec.argv = std::move(argv);
  spec.working_dir = dir;
  spec.timeout = timeout;
  return RunChecked(spec);
}

// Downloads the pinned packages into `downloads` and unpacks each into `root`; the packages'
// names and versions, for the manifest.
Result<nlohmann::json> UnpackDebianPackages(const ClaudeCodeImageSpec& spec,
                                            const std::filesystem::path& downloads,
                                            const std::filesystem::path& root, Duration timeout) {
  std::vector<std::string> download = {"apt-get", "download", "-q", "-o",
                                       "APT::Sandbox::User=root"};
  download.insert(download.end(), spec.debian_packages.begin(), spec.debian_packages.end());
  auto fetched = RunIn(downloads, download, timeout);
  if (!fetched.ok()) {
    return Fail("{}. fix: run `apt-get update` (bash ci/setup.sh does) so apt knows the packages",
                fetched.message());
  }
  nlohmann::json packages = nlohmann::json::array();
  for (const auto& entry : std::filesystem::directory_iterator(downloads)) {
    if (entry.path().extension() != ".deb") continue;
    RETURN_IF_ERROR(
        RunIn(downloads, {"dpkg-deb", "-x", entry.path().string(), root.string()}, timeout));
    ASSIGN_OR_RETURN(auto fields, RunIn(downloads,
                                        {"dpkg-deb", "--show", "--showformat",
                                         "${Package} ${Version}", entry.path().string()},
                                        timeout));
    packages.push_back(fields.out);
  }
  if (packages.size() != spec.debian_packages.size()) {
    return Fail("apt-get download gave {} packages for the {} pinned", packages.size(),
                spec.debian_packages.size());
  }
  return packages;
}

// Fetches the pinned npm package and moves its binary to kClaudeBinaryInImage; its sha256.
Result<std::string> InstallClaudeBinary(const ClaudeCodeImageSpec& spec,
                                        const std::filesystem::path& downloads,
                                        const std::filesystem::path& root, Duration timeout) {
  std::string package = spec.package + "@" + spec.version;
  auto packed = RunIn(downloads, {"npm", "pack", "--silent", package}, timeout);
  if (!packed.ok()) {
    return Fail("{}. fix: check that the npm registry is reachable and that {} exists",
                packed.message(), package);
  }
  std::string tarball = packed->out.substr(0, packed->out.find('\n'));
  RETURN_IF_ERROR(RunIn(downloads, {"tar", "-xzf", tarball, spec.binary}, timeout));
  auto binary = root / std::filesystem::path(kClaudeBinaryInImage).relative_path();
  std::error_code ec;
  std::filesystem::rename(downloads / spec.binary, binary, ec);
  if (ec) return Fail("move {} into the image: {}", spec.binary, ec.message());
  if (::chown(binary.c_str(), 0, 0) != 0 || ::chmod(binary.c_str(), 0755) != 0) {
    return Fail("chown/chmod {}: {}", binary.string(), std::strerror(errno));
  }
  // The binary needs only glibc, so the host runs it too: it must be the pinned version.
  ASSIGN_OR_RETURN(auto version, RunIn(downloads, {binary.string(), "--version"}, timeout));
  if (!version.out.starts_with(spec.version + " ")) {
    return Fail("{} --version printed '{}', not the pinned {}", package, Tail(version.out),
                spec.version);
  }
  ASSIGN_OR_RETURN(std::string bytes, ReadFile(binary));
  return Sha256Hex(bytes);
}

Status BuildBase(const std::filesystem::path& root, const ClaudeCodeImageSpec& spec,
                 const RootfsInputs& busybox, const std::filesystem::path& downloads,
                 Duration timeout) {
  RETURN_IF_ERROR(MakeSkeleton(root));
  ASSIGN_OR_RETURN(nlohmann::json debian, UnpackDebianPackages(spec, downloads, root, timeout));
  ASSIGN_OR_RETURN(std::string binary_sha, InstallClaudeBinary(spec, downloads, root, timeout));
  RETURN_IF_ERROR(InstallBusybox(root, busybox));
  RETURN_IF_ERROR(WriteAccounts(root));
  RETURN_IF_ERROR(RunIn(root, {"ldconfig", "-r", root.string()}, timeout));
  nlohmann::json manifest = {{"recipe", kClaudeCodeBaseVersion},
                             {"claude_code",
                              {{"package", spec.package},
                               {"version", spec.version},
                               {"binary", kClaudeBinaryInImage},
                               {"sha256", binary_sha}}},
                             {"debian", debian}};
  return WriteFile(root / std::filesystem::path(kImageManifestInImage).relative_path(),
                   manifest.dump(2) + "\n", 0644);
}

// A hard-link clone of `from` into the empty directory `root`: no data copied.
Status CloneTree(const std::filesystem::path& from, const std::filesystem::path& root,
                 Duration timeout) {
  RETURN_IF_ERROR(
      RunIn(root, {"cp", "-a", "--link", from.string() + "/.", root.string()}, timeout));
  return Status::Ok();
}

// Removes what no program will use again: bases of other pins (the programs of one build share
// one pin), and build directories a killed publisher left (older than an hour).
void PruneShared(const std::filesystem::path& shared_dir, const std::string& keep) {
  std::error_code ec;
  auto stale = std::filesystem::file_time_type::clock::now() - std::chrono::hours(1);
  for (const auto& entry : std::filesystem::directory_iterator(shared_dir, ec)) {
    std::string name = entry.path().filename().string();
    bool other_base = name.starts_with("claude-code-base-") && name != keep;
    bool abandoned = name.starts_with(kRootfsBuildPrefix) &&
                     std::filesystem::last_write_time(entry.path(), ec) < stale;
    if (!other_base && !abandoned) continue;
    Status removed = RemoveTreeWithoutMounts(entry.path());
    if (!removed.ok()) SC_WARN("shared base cache: {}", removed.message());
  }
}

// Publishes `tree` as <shared_dir>/<name> for other state directories; failing to is only a
// missed saving.
void Publish(const std::filesystem::path& tree, const std::filesystem::path& shared_dir,
             const std::string& name, const RunId& builder, Duration timeout) {
  std::error_code ec;
  if (std::filesystem::is_directory(shared_dir / name, ec)) return;
  auto published = EnsureTree(shared_dir, name, builder, [&](const std::filesystem::path& root) {
    return CloneTree(tree, root, timeout);
  });
  if (!published.ok()) SC_WARN("claude-code base not shared: {}", published.message());
  PruneShared(shared_dir, name);
}

}  // namespace

Result<ClaudeCodeBase> EnsureClaudeCodeBase(const std::filesystem::path& cache_dir,
                                            const std::filesystem::path& spec_file,
                                            const RootfsInputs& busybox, const RunId& builder,
                                            Duration timeout,
                                            const std::filesystem::path& shared_dir) {
  ASSIGN_OR_RETURN(ClaudeCodeImageSpec spec, ReadClaudeCodeImageSpec(spec_file));
  ContentHasher hasher;
  hasher.Add("base-version", kClaudeCodeBaseVersion);
  hasher.Add("spec", spec.file_bytes);
  hasher.Add("busybox", busybox.busybox);
  for (const auto& applet : busybox.busybox_applets) hasher.Add("applet", applet);
  ClaudeCodeBase base;
  base.key = hasher.HexDigest();
  auto name = "claude-code-base-" + base.key;
  std::error_code ec;
  if (std::filesystem::is_directory(cache_dir / name, ec)) {
    base.tree = cache_dir / name;
    return base;
  }
  if (!shared_dir.empty() && std::filesystem::is_directory(shared_dir / name, ec)) {
    auto cloned = EnsureTree(cache_dir, name, builder, [&](const std::filesystem::path& root) {
      return CloneTree(shared_dir / name, root, timeout);
    });
    if (cloned.ok()) {
      base.tree = std::move(cloned).value();
      return base;
    }
    SC_WARN("claude-code base not cloned from {}, building it: {}", shared_dir.string(),
            cloned.message());
  }
  auto started = std::chrono::steady_clock::now();
  auto downloads = ScratchPath(cache_dir, builder);
  std::filesystem::create_directories(downloads, ec);
  if (ec) return Fail("create {}: {}", downloads.string(), ec.message());
  auto tree = EnsureTree(cache_dir, name, builder, [&](const std::filesystem::path& root) {
    return BuildBase(root, spec, busybox, downloads, timeout);
  });
  Status removed = RemoveTreeWithoutMounts(downloads);
  if (!removed.ok()) SC_WARN("download directory left behind: {}", removed.message());
  if (!tree.ok()) return Fail("claude-code image {}: {}", spec.version, tree.message());
  SC_INFO("built the claude-code {} base in {} ms", spec.version,
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                started)
              .count());
  base.tree = std::move(tree).value();
  if (!shared_dir.empty()) Publish(base.tree, shared_dir, name, builder, timeout);
  return base;
}

}  // namespace sandcheck
