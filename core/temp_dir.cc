#include "core/temp_dir.h"

#include <stdlib.h>

#include <cstring>
#include <string>

#include "core/fs_util.h"
#include "core/log.h"

namespace sandcheck {

Result<TempDir> TempDir::Create(const std::filesystem::path& parent, std::string_view prefix) {
  std::error_code ec;
  std::filesystem::create_directories(parent, ec);
  if (ec) return Fail("create {}: {}", parent.string(), ec.message());
  std::string pattern = (parent / (std::string(prefix) + "XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return Fail("mkdtemp {}: {}", pattern, std::strerror(errno));
  }
  return TempDir(pattern);
}

Result<TempDir> TempDir::Create(std::string_view prefix) {
  return Create(std::filesystem::temp_directory_path(), prefix);
}

TempDir::TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }

TempDir& TempDir::operator=(TempDir&& other) noexcept {
  if (this != &other) {
    RemoveNow();
    path_ = std::move(other.path_);
    other.path_.clear();
  }
  return *this;
}

TempDir::~TempDir() { RemoveNow(); }

std::filesystem::path TempDir::Release() {
  auto kept = path_;
  path_.clear();
  return kept;
}

void TempDir::RemoveNow() noexcept {
  if (path_.empty()) return;
  Status removed = RemoveTreeWithoutMounts(path_);
  if (!removed.ok()) SC_WARN("temporary directory left behind: {}", removed.message());
  path_.clear();
}

}  // namespace sandcheck
