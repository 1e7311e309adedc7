#include "suites/isolation/probe_reading.h"

#include <fmt/format.h>

namespace sandcheck::isolation {
namespace {

const nlohmann::json* Find(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

}  // namespace

Result<const nlohmann::json*> SectionOf(const nlohmann::json& document, std::string_view name) {
  const nlohmann::json* section = Find(document, name);
  if (section == nullptr || !section->is_object()) {
    return Fail("the probe document has no \"{}\" section", name);
  }
  // Observe() replaces a section that threw with {"error": what}; sections that report an
  // errno name under "error" (fork_bomb) have other keys beside it.
  const nlohmann::json* error = Find(*section, "error");
  if (error != nullptr && section->size() == 1) {
    return Fail("the probe's \"{}\" section failed: {}", name,
                error->is_string() ? error->get<std::string>() : error->dump());
  }
  return section;
}

Result<std::vector<const nlohmann::json*>> ObjectsAt(const nlohmann::json& object,
                                                     std::string_view key,
                                                     std::string_view where) {
  const nlohmann::json* list = Find(object, key);
  if (list == nullptr || !list->is_array()) {
    return Fail("the probe document has no list \"{}.{}\"", where, key);
  }
  std::vector<const nlohmann::json*> objects;
  for (const nlohmann::json& item : *list) {
    if (!item.is_object()) return Fail("\"{}.{}\" holds a non-object entry", where, key);
    objects.push_back(&item);
  }
  return objects;
}

std::optional<int64_t> IntAt(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json* value = Find(object, key);
  if (value == nullptr || !value->is_number_integer()) return std::nullopt;
  return value->get<int64_t>();
}

std::string StringAt(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json* value = Find(object, key);
  return value != nullptr && value->is_string() ? value->get<std::string>() : "";
}

bool BoolAt(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json* value = Find(object, key);
  return value != nullptr && value->is_boolean() && value->get<bool>();
}

std::vector<std::string> StringsAt(const nlohmann::json& object, std::string_view key) {
  std::vector<std::string> strings;
  const nlohmann::json* list = Find(object, key);
  if (list == nullptr || !list->is_array()) return strings;
  for (const nlohmann::json& item : *list) {
    if (item.is_string()) strings.push_back(item.get<std::string>());
  }
  return strings;
}

Result<std::vector<const nlohmann::json*>> WritableEntries(const nlohmann::json& document,
                                                           std::string_view role) {
  ASSIGN_OR_RETURN(const nlohmann::json* writable, SectionOf(document, "writable"));
  ASSIGN_OR_RETURN(auto entries, ObjectsAt(*writable, "entries", "writable"));
  std::erase_if(entries, [&](const nlohmann::json* entry) { return StringAt(*entry, "role") != role; });
  return entries;
}

std::string Attempt::Describe() const {
  if (!fork_error.empty()) return fmt::format("not started ({})", fork_error);
  if (timed_out) return "timed out";
  if (ok) return "succeeded";
  if (signal) return fmt::format("killed by signal {}", *signal);
  return error.empty() ? "failed without an errno" : error;
}

Attempt ReadAttempt(const nlohmann::json& attempt) {
  return Attempt{BoolAt(attempt, "ok"), StringAt(attempt, "error"), IntAt(attempt, "signal"),
                 BoolAt(attempt, "timed_out"), StringAt(attempt, "fork_error")};
}

Result<Attempt> AttemptAt(const nlohmann::json& object, std::string_view key,
                          std::string_view where) {
  const nlohmann::json* attempt = Find(object, key);
  if (attempt == nullptr || !attempt->is_object()) {
    return Fail("the probe document has no attempt \"{}.{}\"", where, key);
  }
  return ReadAttempt(*attempt);
}

}  // namespace sandcheck::isolation
