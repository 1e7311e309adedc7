// A directory that lives as long as its handle: created unique under a parent, removed
// recursively on destruction unless Release()d to keep it for debugging. Removal refuses to
// descend into a tree that still has something mounted in it (it would delete through the
// mount), and logs instead.
#pragma once

#include <filesystem>
#include <string_view>

#include "core/result.h"

namespace sandcheck {

class TempDir {
 public:
  // Creates <parent>/<prefix>XXXXXX (mode 0700).
  static Result<TempDir> Create(const std::filesystem::path& parent, std::string_view prefix);
  // Same, under the system's temporary directory.
  static Result<TempDir> Create(std::string_view prefix);

  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  const std::filesystem::path& path() const { return path_; }
  // Keeps the directory on disk; returns its path.
  std::filesystem::path Release();

 private:
  explicit TempDir(std::filesystem::path path) : path_(std::move(path)) {}
  void RemoveNow() noexcept;
  std::filesystem::path path_;
};

}  // namespace sandcheck
