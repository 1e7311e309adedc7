#include "suites/framework/check_context.h"

#include <algorithm>
#include <cctype>
#include <fstream>

namespace sandcheck {
namespace {

// Deployment names become directory names: keep [A-Za-z0-9._-], replace the rest.
std::string PathSafe(std::string name) {
  std::replace_if(
      name.begin(), name.end(),
      [](unsigned char c) { return !std::isalnum(c) && c != '.' && c != '_' && c != '-'; }, '_');
  return name.empty() ? "unnamed" : name;
}

}  // namespace

std::filesystem::path DefaultFixturesDir() {
  return std::filesystem::path(SANDCHECK_SOURCE_DIR) / "fixtures";
}

Result<SandboxLease> CheckContext::AcquireFresh(std::string purpose) {
  std::optional<Result<SandboxLease>> lease = shared_.TakeFresh(check_.family, check_.id);
  if (!lease) {
    AcquireOptions options;
    options.purpose = std::move(purpose);
    lease = substrate_.Acquire(deployment_, options);
  }
  if (!lease->ok()) {
    return WithContext(std::move(*lease), fmt::format("{}: acquire a fresh sandbox", check_.id));
  }
  return shared_.DeferTeardown(check_.family, std::move(*lease).value());
}

Result<std::filesystem::path> CheckContext::WriteArtifact(std::string_view name,
                                                          std::string_view content) {
  auto dir = options_.artifacts_root / PathSafe(deployment_.name) / check_.id;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Fail("create artifact directory {}: {}", dir.string(), ec.message());
  auto path = dir / PathSafe(std::string(name));
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(content.data(), static_cast<std::streamsize>(content.size()));
  file.close();
  if (!file) return Fail("write artifact {}", path.string());
  artifacts_.push_back(path);
  return path;
}

}  // namespace sandcheck
