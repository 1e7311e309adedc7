#include "core/deployment_parser_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <system_error>

#include "core/deployment_parser_values.h"

namespace sandcheck {
namespace {

// Quoted scalars carry the tag "!"; only plain ones may be read as numbers or booleans, so
// `uid: "1000"` is caught as the string it is.
bool IsQuoted(const YAML::Node& node) { return node.Tag() == "!"; }

// How messages describe what was found: "a list", "'yes'", "the string \"1000\"".
std::string Describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Scalar:
      if (IsQuoted(node)) return fmt::format("the string \"{}\"", Printable(node.Scalar()));
      return fmt::format("'{}'", Printable(node.Scalar()));
    default:
      return "nothing";
  }
}

// The name a message gives a field: "'user.uid'", or "the file" for the document itself.
std::string Named(const Field& field) {
  return field.label.empty() ? "the file" : fmt::format("'{}'", field.label);
}

void ReportWrongType(const Field& field, std::string_view expected, std::string_view fix,
                     Diagnostics& diagnostics) {
  if (field.node.IsNull()) {
    bool list_item = field.label.ends_with(']');
    diagnostics.Add(field.mark, fmt::format("{} has no value", Named(field)),
                    fmt::format("write {} after the {}", expected, list_item ? "'-'" : "key"));
    return;
  }
  diagnostics.Add(
      field.mark,
      fmt::format("{} must be {}, got {}", Named(field), expected, Describe(field.node)), fix);
}

// A plain scalar, or nullopt after reporting the quoted or structured value found instead.
std::optional<std::string> PlainScalar(const Field& field, std::string_view expected,
                                       std::string_view fix, Diagnostics& diagnostics) {
  if (field.node.IsScalar() && IsQuoted(field.node)) {
    diagnostics.Add(
        field.mark,
        fmt::format("{} must be {}, got {}", Named(field), expected, Describe(field.node)),
        "remove the quotes");
    return std::nullopt;
  }
  if (!field.node.IsScalar()) {
    ReportWrongType(field, expected, fix, diagnostics);
    return std::nullopt;
  }
  return field.node.Scalar();
}

// Labels quote keys, which are user text: env keys can hold anything.
std::string ChildLabel(const std::string& parent, std::string_view key) {
  return parent.empty() ? Printable(key) : fmt::format("{}.{}", parent, Printable(key));
}

// "under 'limits'" for a key the current section lacks but another section has.
std::optional<std::string> HomesOf(std::string_view key, const Section& current) {
  std::vector<std::string_view> homes;
  for (const Section* section : kAllSections) {
    if (section == &current) continue;
    if (std::find(section->keys.begin(), section->keys.end(), key) != section->keys.end()) {
      homes.push_back(section->home);
    }
  }
  if (homes.empty()) return std::nullopt;
  return JoinAlternatives(homes);
}

}  // namespace

Field Field::Item(size_t index, const YAML::Node& item) const {
  YAML::Mark item_mark = item.IsNull() ? mark : item.Mark();
  return Field{fmt::format("{}[{}]", label, index), item, item_mark};
}

MapReader::MapReader(const Field& field, const Section* section, Diagnostics& diagnostics)
    : field_(field), diagnostics_(diagnostics) {
  if (!field.node.IsMap()) {
    std::string fix = field.label.empty()
                          ? "start from the example in docs/deployment-schema.md"
                          : "write its keys on indented lines below it, or as {key: value}";
    ReportWrongType(field, "a mapping of keys", fix, diagnostics);
    return;
  }
  is_map_ = true;
  std::map<std::string, YAML::Mark> first_seen;
  for (const auto& pair : field.node) {
    const YAML::Node key = pair.first;
    const YAML::Node value = pair.second;
    if (!key.IsScalar()) {
      diagnostics.Add(key.Mark(), fmt::format("a key in {} is {}", Named(field), Describe(key)),
                      "write each key as a plain word followed by ':'");
      continue;
    }
    auto [seen, inserted] = first_seen.emplace(key.Scalar(), key.Mark());
    if (!inserted) {
      std::string first = seen->second.line == key.Mark().line
                              ? fmt::format("first at column {}", seen->second.column + 1)
                              : fmt::format("first on line {}", seen->second.line + 1);
      diagnostics.Add(key.Mark(),
                      fmt::format("key '{}' is given twice ({})", Printable(key.Scalar()), first),
                      "keep one of them");
      continue;
    }
    YAML::Mark value_mark = value.IsNull() ? key.Mark() : value.Mark();
    MapEntry entry{key.Scalar(), key.Mark(),
                   Field{ChildLabel(field.label, key.Scalar()), value, value_mark}};
    bool known = !section || std::find(section->keys.begin(), section->keys.end(), entry.key) !=
                                 section->keys.end();
    if (known) {
      entries_.push_back(entry);
    } else {
      ReportUnknownKey(entry, *section);
    }
  }
}

void MapReader::ReportUnknownKey(const MapEntry& entry, const Section& section) {
  std::string what = field_.label.empty() ? fmt::format("unknown key '{}'", Printable(entry.key))
                                          : fmt::format("unknown key '{}' in '{}'",
                                                        Printable(entry.key), field_.label);
  auto homes = HomesOf(entry.key, section);
  auto match = ClosestMatch(entry.key, section.keys);
  std::string fix;
  if (match && homes) {
    fix = fmt::format("did you mean '{}'? ('{}' itself belongs {})", *match, entry.key, *homes);
  } else if (homes) {
    fix = fmt::format("'{}' belongs {}", entry.key, *homes);
  } else if (match) {
    fix = fmt::format("did you mean '{}'?", *match);
  } else if (field_.label.empty()) {
    fix = "remove it; docs/deployment-schema.md lists the keys a deployment takes";
  } else {
    fix = fmt::format("remove it; '{}' takes {}", field_.label, JoinAlternatives(section.keys));
  }
  diagnostics_.Add(entry.key_mark, what, fix);
}

std::optional<Field> MapReader::Find(std::string_view key) const {
  auto entry = std::find_if(entries_.begin(), entries_.end(),
                            [&](const MapEntry& e) { return e.key == key; });
  if (entry == entries_.end()) return std::nullopt;
  return entry->value;
}

std::optional<Field> MapReader::Require(std::string_view key, std::string_view fix) const {
  auto found = Find(key);
  if (!found && is_map_) {
    std::string what = field_.label.empty() ? fmt::format("missing required key '{}'", key)
                                            : fmt::format("'{}' is missing the required key '{}'",
                                                          field_.label, key);
    diagnostics_.Add(field_.mark, what, fix);
  }
  return found;
}

std::optional<std::string> ReadString(const Field& field, Diagnostics& diagnostics) {
  if (!field.node.IsScalar()) {
    ReportWrongType(field, "a single value", "write one value, quoted if it contains ': ' or ' #'",
                    diagnostics);
    return std::nullopt;
  }
  return field.node.Scalar();
}

std::optional<bool> ReadBool(const Field& field, Diagnostics& diagnostics) {
  auto text = PlainScalar(field, "true or false", "write true or false", diagnostics);
  if (!text) return std::nullopt;
  if (*text == "true" || *text == "True" || *text == "TRUE") return true;
  if (*text == "false" || *text == "False" || *text == "FALSE") return false;
  diagnostics.Add(field.mark,
                  fmt::format("{} must be true or false, got '{}'", Named(field), Printable(*text)),
                  "write true or false");
  return std::nullopt;
}

std::optional<uint64_t> ReadWholeNumber(const Field& field, uint64_t min, uint64_t max,
                                        Diagnostics& diagnostics) {
  std::string range = fmt::format("write a number from {} to {}", min, max);
  auto text = PlainScalar(field, "a whole number", range, diagnostics);
  if (!text) return std::nullopt;
  uint64_t value = 0;
  const char* end = text->data() + text->size();
  auto parsed = std::from_chars(text->data(), end, value);
  bool digits_only = parsed.ptr == end && !text->empty() && text->front() != '+';
  if (parsed.ec == std::errc() && digits_only && value >= min && value <= max) return value;
  if (parsed.ec == std::errc::result_out_of_range || (digits_only && parsed.ec == std::errc())) {
    diagnostics.Add(
        field.mark,
        fmt::format("{} is {}, outside {}..{}", Named(field), Printable(*text), min, max), range);
  } else {
    diagnostics.Add(
        field.mark,
        fmt::format("{} must be a whole number, got '{}'", Named(field), Printable(*text)), range);
  }
  return std::nullopt;
}

std::optional<double> ReadPositiveNumber(const Field& field, double max, Diagnostics& diagnostics) {
  std::string range = fmt::format("write a number above 0 and at most {}, e.g. 1.5", max);
  auto text = PlainScalar(field, "a number", range, diagnostics);
  if (!text) return std::nullopt;
  double value = 0;
  const char* end = text->data() + text->size();
  auto parsed = std::from_chars(text->data(), end, value);
  if (parsed.ec != std::errc() || parsed.ptr != end || !std::isfinite(value)) {
    diagnostics.Add(field.mark,
                    fmt::format("{} must be a number, got '{}'", Named(field), Printable(*text)),
                    range);
    return std::nullopt;
  }
  if (value <= 0 || value > max) {
    diagnostics.Add(field.mark,
                    fmt::format("{} is {}, outside (0, {}]", Named(field), Printable(*text), max),
                    range);
    return std::nullopt;
  }
  return value;
}

std::optional<uint64_t> ReadSize(const Field& field, Diagnostics& diagnostics) {
  if (!field.node.IsScalar()) {
    ReportWrongType(field, "a size", "write a size such as 64Mi", diagnostics);
    return std::nullopt;
  }
  auto size = ParseSize(field.node.Scalar());
  if (!size.ok()) {
    diagnostics.Add(field.mark, size.error());
    return std::nullopt;
  }
  return *size;
}

std::optional<std::vector<Field>> ReadList(const Field& field, Diagnostics& diagnostics) {
  if (!field.node.IsSequence()) {
    std::string fix = field.node.IsScalar()
                          ? fmt::format("write it as a list: [{}]", Printable(field.node.Scalar()))
                          : "write one '- item' per line, or [a, b]";
    ReportWrongType(field, "a list", fix, diagnostics);
    return std::nullopt;
  }
  std::vector<Field> items;
  for (const YAML::Node& item : field.node) items.push_back(field.Item(items.size(), item));
  return items;
}

std::optional<size_t> ReadChoice(const Field& field, std::string_view noun,
                                 std::span<const std::string_view> allowed,
                                 Diagnostics& diagnostics) {
  std::string choices = JoinAlternatives(allowed);
  if (!field.node.IsScalar()) {
    ReportWrongType(field, fmt::format("one of {}", choices),
                    fmt::format("write one of {}", choices), diagnostics);
    return std::nullopt;
  }
  const std::string& text = field.node.Scalar();
  auto found = std::find(allowed.begin(), allowed.end(), text);
  if (found != allowed.end()) return static_cast<size_t>(found - allowed.begin());
  std::string what = fmt::format("unknown {} '{}'", noun, Printable(text));
  if (auto match = ClosestMatch(text, allowed)) {
    diagnostics.Add(field.mark, what,
                    fmt::format("did you mean '{}'? ({} is one of {})", *match, noun, choices));
  } else {
    diagnostics.Add(field.mark, what, fmt::format("use one of {}", choices));
  }
  return std::nullopt;
}

std::optional<std::string> ReadAbsolutePath(const Field& field, Diagnostics& diagnostics) {
  auto text = ReadString(field, diagnostics);
  if (!text) return std::nullopt;
  std::filesystem::path path = std::filesystem::path(*text).lexically_normal();
  if (!path.is_absolute()) {
    std::string fix = "write an absolute path such as /workspace";
    if (!text->empty() && !text->starts_with("..")) {
      fix = fmt::format("write the absolute path {}",
                        Printable(("/" / path).lexically_normal().string()));
    }
    std::string what =
        text->empty() ? fmt::format("{} is empty", Named(field))
                      : fmt::format("{} is the relative path '{}'", Named(field), Printable(*text));
    diagnostics.Add(field.mark, what, fix);
    return std::nullopt;
  }
  std::string normal = path.string();
  if (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  return normal;
}

std::optional<std::filesystem::path> ReadHostPath(const Field& field, std::string_view noun,
                                                  HostPathKind kind,
                                                  const std::filesystem::path& base_dir,
                                                  Diagnostics& diagnostics) {
  auto text = ReadString(field, diagnostics);
  if (!text) return std::nullopt;
  if (text->empty()) {
    diagnostics.Add(field.mark, fmt::format("{} is empty", Named(field)),
                    fmt::format("name the {} relative to the deployment file", noun));
    return std::nullopt;
  }
  std::filesystem::path path = (base_dir / *text).lexically_normal();
  if (!path.has_filename() && path.has_relative_path()) path = path.parent_path();  // "dir/"
  std::error_code error;
  auto status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) {
    diagnostics.Add(field.mark, fmt::format("{} '{}' does not exist", noun, Printable(*text)),
                    "create it or correct the path; relative paths start at the deployment "
                    "file's directory");
    return std::nullopt;
  }
  bool accepted = std::filesystem::is_regular_file(status) ||
                  (kind != HostPathKind::kFile && std::filesystem::is_directory(status)) ||
                  (kind == HostPathKind::kBindSource && std::filesystem::is_socket(status));
  if (!accepted) {
    diagnostics.Add(field.mark,
                    fmt::format("{} '{}' is not a regular file", noun, Printable(*text)),
                    "point it at a regular file, not a directory or device");
    return std::nullopt;
  }
  return path;
}

}  // namespace sandcheck
