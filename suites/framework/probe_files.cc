#include "suites/framework/probe_files.h"

#include <fmt/format.h>

#include <charconv>

namespace sandcheck {
namespace {

std::string Text(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

bool Flag(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

std::optional<uint32_t> Number(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_unsigned()) return std::nullopt;
  return it->get<uint32_t>();
}

// The probe prints modes as octal text: "0444".
std::optional<uint32_t> OctalMode(const nlohmann::json& object) {
  std::string text = Text(object, "mode");
  uint32_t mode = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), mode, 8);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return mode;
}

// The entry for `path` in document[section][list], or an error naming what is missing.
Result<nlohmann::json> Entry(const nlohmann::json& document, const char* section, const char* list,
                             std::string_view path) {
  auto part = document.find(section);
  if (part == document.end() || !part->is_object()) {
    return Fail("probe document has no \"{}\" section", section);
  }
  if (part->contains("error")) {
    return Fail("probe section \"{}\" failed: {}", section, (*part)["error"].dump());
  }
  auto entries = part->find(list);
  if (entries != part->end() && entries->is_array()) {
    for (const auto& entry : *entries) {
      if (entry.is_object() && Text(entry, "path") == path) return entry;
    }
  }
  return Fail("probe section \"{}.{}\" has no entry for {}", section, list, path);
}

}  // namespace

Result<StatFacts> FindStat(const nlohmann::json& document, std::string_view path) {
  ASSIGN_OR_RETURN(nlohmann::json entry, Entry(document, "files", "exists", path));
  StatFacts facts;
  facts.exists = Flag(entry, "exists");
  facts.error = Text(entry, "error");
  facts.type = Text(entry, "type");
  facts.uid = Number(entry, "uid");
  facts.mode = OctalMode(entry);
  return facts;
}

Result<WriteFacts> FindWrite(const nlohmann::json& document, std::string_view path) {
  ASSIGN_OR_RETURN(nlohmann::json entry, Entry(document, "writable", "entries", path));
  return WriteFacts{Flag(entry, "writable"), Text(entry, "error"), Text(entry, "method")};
}

Result<ReadFacts> FindRead(const nlohmann::json& document, std::string_view path) {
  ASSIGN_OR_RETURN(nlohmann::json entry, Entry(document, "files", "read", path));
  ReadFacts facts{Flag(entry, "ok"), Text(entry, "error"), Text(entry, "content"),
                  Flag(entry, "truncated"), Text(entry, "encoding") == "base64"};
  return facts;
}

}  // namespace sandcheck
