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
                                                     std::string_view key, std::string_view where) {
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
  std::erase_if(entries,
                [&](const nlohmann::json* entry) { return StringAt(*entry, "role") != role; });
  return entries;
}

Result<const nlohmann::json*> MountContaining(const nlohmann::json& document,
                                              const std::string& path) {
  ASSIGN_OR_RETURN(const nlohmann::json* mounts, SectionOf(document, "mounts"));
  ASSIGN_OR_RETURN(auto entries, ObjectsAt(*mounts, "entries", "mounts"));
  const nlohmann::json* best = nullptr;
  size_t best_length = 0;
  for (const nlohmann::json* entry : entries) {
    std::string point = StringAt(*entry, "mount_point");
    bool contains =
        point == "/" || path == point ||
        (path.starts_with(point) && path.size() > point.size() && path[point.size()] == '/');
    if (contains && point.size() >= best_length) {
      best = entry;
      best_length = point.size();
    }
  }
  if (best == nullptr) return Fail("no mount in the probe's table contains {}", path);
  return best;
}

std::optional<std::string> ReadContent(const nlohmann::json& document, const std::string& path) {
  auto files = SectionOf(document, "files");
  if (!files.ok()) return std::nullopt;
  auto reads = ObjectsAt(**files, "read", "files");
  if (!reads.ok()) return std::nullopt;
  for (const nlohmann::json* read : *reads) {
    if (StringAt(*read, "path") == path && BoolAt(*read, "ok") &&
        StringAt(*read, "encoding") == "utf8") {
      return StringAt(*read, "content");
    }
  }
  return std::nullopt;
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
