// Typed reads of the probe document's isolation sections (docs/probe.md). A section the probe
// could not produce, or a field of the wrong type, becomes an error naming it: "could not
// observe" must surface as an error verdict, never as a pass.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace sandcheck::isolation {

// The probe reports sizes in bytes; deployments and messages speak MiB.
inline constexpr uint64_t kMiB = uint64_t{1} << 20;

// document[name], unless the section is missing or failed (then it is only {"error": ...}).
Result<const nlohmann::json*> SectionOf(const nlohmann::json& document, std::string_view name);

// object[key] as an array of objects; an error names `where` when it is missing.
Result<std::vector<const nlohmann::json*>> ObjectsAt(const nlohmann::json& object,
                                                     std::string_view key, std::string_view where);

// Absent or null fields read as nullopt / empty / false.
std::optional<int64_t> IntAt(const nlohmann::json& object, std::string_view key);
std::string StringAt(const nlohmann::json& object, std::string_view key);
bool BoolAt(const nlohmann::json& object, std::string_view key);
// The string items of an array field, others skipped.
std::vector<std::string> StringsAt(const nlohmann::json& object, std::string_view key);

// One attempt the probe made (a syscall, an open, a connect), in the shape every section uses:
// {"ok", "errno", "error", "signal"?, "timed_out"?, "fork_error"?}.
struct Attempt {
  bool ok = false;
  std::string error;  // errno name of the failure, e.g. "EPERM"
  std::optional<int64_t> signal;
  bool timed_out = false;
  std::string fork_error;  // the attempt never started

  // The attempt ran to an answer: it succeeded, failed with an errno, or was killed by a
  // signal (seccomp's kill action) -- not timed out and not unstarted.
  bool Decided() const {
    return fork_error.empty() && !timed_out && (ok || !error.empty() || signal);
  }
  // "EPERM", "signal 31", "timed out", "not started (EAGAIN)" or "succeeded".
  std::string Describe() const;
};

// The writable section's entries with this role ("root", "tmp", "cgroup_release_agent", ...).
Result<std::vector<const nlohmann::json*>> WritableEntries(const nlohmann::json& document,
                                                           std::string_view role);

// The entry of the "mounts" section whose mount point is the longest prefix of `path` (the
// last one mounted wins, as in the kernel), or an error when the section is missing.
Result<const nlohmann::json*> MountContaining(const nlohmann::json& document,
                                              const std::string& path);

// The read the probe made of `path` ("--read"): its content when it succeeded, else nullopt.
std::optional<std::string> ReadContent(const nlohmann::json& document, const std::string& path);

Result<Attempt> AttemptAt(const nlohmann::json& object, std::string_view key,
                          std::string_view where);
Attempt ReadAttempt(const nlohmann::json& attempt);

}  // namespace sandcheck::isolation
