// Typed reads of YAML nodes for the deployment decoders. Each read either returns the value or
// reports why it cannot (wrong type, out of range, missing file) to Diagnostics and returns
// nullopt, so decoding goes on and every problem in a file is found in one pass.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/deployment_parser_diagnostics.h"
#include "core/deployment_parser_schema.h"

namespace sandcheck {

// A node being decoded, with the name messages call it by ("user.uid", "tmpfs[0].size").
struct Field {
  std::string label;
  // const: assigning a YAML::Node rewrites the document node it refers to, so a Field is never
  // assigned, and the compiler rejects the containers and algorithms that would.
  const YAML::Node node;
  YAML::Mark mark;  // the value's position, or its key's when the value is empty

  // The field of list item `index`: "tmpfs" -> "tmpfs[0]".
  Field Item(size_t index, const YAML::Node& item) const;
};

// One key of a mapping and its value.
struct MapEntry {
  std::string key;
  YAML::Mark key_mark;
  Field value;
};

// The entries of one mapping. On construction it reports, once: a node that is not a mapping,
// a key given twice, and (when a Section is given) every key the section does not know, with
// the key most likely meant.
class MapReader {
 public:
  MapReader(const Field& field, const Section& section, Diagnostics& diagnostics)
      : MapReader(field, &section, diagnostics) {}
  // For mappings whose keys are data rather than schema (env): shape and duplicates only.
  MapReader(const Field& field, Diagnostics& diagnostics)
      : MapReader(field, nullptr, diagnostics) {}

  bool is_map() const { return is_map_; }
  const std::vector<MapEntry>& entries() const { return entries_; }
  std::optional<Field> Find(std::string_view key) const;
  // Like Find, and reports a missing key; `fix` says what to add.
  std::optional<Field> Require(std::string_view key, std::string_view fix) const;

 private:
  MapReader(const Field& field, const Section* section, Diagnostics& diagnostics);
  void ReportUnknownKey(const MapEntry& entry, const Section& section);

  Field field_;
  Diagnostics& diagnostics_;
  bool is_map_ = false;
  std::vector<MapEntry> entries_;
};

// Any scalar, as text: numbers and booleans are accepted as written.
std::optional<std::string> ReadString(const Field& field, Diagnostics& diagnostics);
// Only true or false (any case), never YAML 1.1's yes/no/on/off.
std::optional<bool> ReadBool(const Field& field, Diagnostics& diagnostics);
// An unquoted decimal whole number within [min, max].
std::optional<uint64_t> ReadWholeNumber(const Field& field, uint64_t min, uint64_t max,
                                        Diagnostics& diagnostics);
// An unquoted decimal number above 0 and at most `max`.
std::optional<double> ReadPositiveNumber(const Field& field, double max, Diagnostics& diagnostics);
// A size such as 64Mi (see ParseSize).
std::optional<uint64_t> ReadSize(const Field& field, Diagnostics& diagnostics);
// A sequence, as one Field per item.
std::optional<std::vector<Field>> ReadList(const Field& field, Diagnostics& diagnostics);
// The index in `allowed` of the field's value; `noun` names it in messages ("runtime").
std::optional<size_t> ReadChoice(const Field& field, std::string_view noun,
                                 std::span<const std::string_view> allowed,
                                 Diagnostics& diagnostics);
// An absolute path inside the sandbox, normalised ("/workspace/" -> "/workspace").
std::optional<std::string> ReadAbsolutePath(const Field& field, Diagnostics& diagnostics);

// What a host path must be for ReadHostPath.
// kBindSource: a file, a directory or a unix socket (docker binds any of them).
enum class HostPathKind { kFile, kFileOrDirectory, kBindSource };

// A path on the host that must exist, resolved against `base_dir` (the deployment file's
// directory) when relative. `noun` names it in messages ("seccomp profile").
std::optional<std::filesystem::path> ReadHostPath(const Field& field, std::string_view noun,
                                                  HostPathKind kind,
                                                  const std::filesystem::path& base_dir,
                                                  Diagnostics& diagnostics);

}  // namespace sandcheck
