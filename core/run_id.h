// Run ids and resource names. Every object a run creates (container, bundle, mount,
// network namespace, volume of a test tenant) carries its run id in its name, so that a
// later run can find and sweep what an interrupted one left behind.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace sandcheck {

// Prefix shared by every resource name; sweeping never touches names without it.
inline constexpr std::string_view kResourcePrefix = "sc-";

class RunId {
 public:
  // A fresh random id: 8 lowercase hex digits.
  static RunId Generate();
  // Accepts exactly the form Generate() produces.
  static Result<RunId> Parse(std::string_view text);

  const std::string& str() const { return id_; }
  bool operator==(const RunId&) const = default;

 private:
  explicit RunId(std::string id) : id_(std::move(id)) {}
  std::string id_;
};

// "sc-<run>-<purpose>": purpose is lowercased and reduced to [a-z0-9-], at most 40 chars.
std::string ResourceName(const RunId& run, std::string_view purpose);

// The run id embedded in a resource name, if the name is one of ours.
std::optional<RunId> RunIdOfResource(std::string_view name);

// Held for the lifetime of a run: an exclusive flock on <dir>/<run>.lock. A run whose lock
// can be taken by someone else is dead, and its resources may be swept.
class RunLock {
 public:
  static Result<RunLock> Acquire(const std::filesystem::path& dir, const RunId& run);
  // True when no live process holds the lock of `run` in `dir`.
  static bool IsAbandoned(const std::filesystem::path& dir, const RunId& run);

  RunLock(RunLock&& other) noexcept;
  RunLock& operator=(RunLock&&) = delete;
  RunLock(const RunLock&) = delete;
  ~RunLock();

 private:
  RunLock(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::filesystem::path path_;
};

}  // namespace sandcheck
