#include "tools/probe/proc_parsers.h"

#include <charconv>

#include "core/capability_names.h"

namespace sandcheck::probe {
namespace {

bool IsOctalDigit(char c) { return c >= '0' && c <= '7'; }

std::vector<std::string> SplitOptions(std::string_view text) {
  std::vector<std::string> options;
  if (text.empty()) return options;
  // Split before unescaping: the kernel escapes commas inside option values as \054.
  for (std::string_view option : Split(text, ',')) options.push_back(UnescapeOctal(option));
  return options;
}

}  // namespace

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      fields.push_back(text.substr(start));
      return fields;
    }
    fields.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

std::optional<int64_t> ParseInt(std::string_view text) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string UnescapeOctal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size() && IsOctalDigit(text[i + 1]) &&
        IsOctalDigit(text[i + 2]) && IsOctalDigit(text[i + 3])) {
      out += static_cast<char>((text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 +
                               (text[i + 3] - '0'));
      i += 3;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::optional<MountInfo> ParseMountInfoLine(std::string_view line) {
  std::vector<std::string_view> fields = Split(Trim(line), ' ');
  // Six fixed fields, optional fields, "-", then fs type, source and super options.
  size_t separator = 6;
  while (separator < fields.size() && fields[separator] != "-") ++separator;
  if (separator >= fields.size() || fields.size() < separator + 3) return std::nullopt;
  auto mount_id = ParseInt(fields[0]);
  auto parent_id = ParseInt(fields[1]);
  if (!mount_id || !parent_id) return std::nullopt;

  MountInfo info;
  info.mount_id = static_cast<int>(*mount_id);
  info.parent_id = static_cast<int>(*parent_id);
  info.major_minor = fields[2];
  info.root = UnescapeOctal(fields[3]);
  info.mount_point = UnescapeOctal(fields[4]);
  info.options = SplitOptions(fields[5]);
  for (size_t i = 6; i < separator; ++i) info.optional_fields.emplace_back(fields[i]);
  info.fs_type = UnescapeOctal(fields[separator + 1]);
  info.source = UnescapeOctal(fields[separator + 2]);
  if (fields.size() > separator + 3) info.super_options = SplitOptions(fields[separator + 3]);
  return info;
}

MountTable ParseMountInfo(std::string_view text) {
  MountTable table;
  for (std::string_view line : Split(text, '\n')) {
    if (Trim(line).empty()) continue;
    if (auto info = ParseMountInfoLine(line)) {
      table.mounts.push_back(std::move(*info));
    } else {
      table.malformed_lines.emplace_back(line);
    }
  }
  return table;
}

const MountInfo* MountContaining(const std::vector<MountInfo>& mounts, std::string_view path) {
  const MountInfo* best = nullptr;
  for (const MountInfo& mount : mounts) {
    std::string_view point = mount.mount_point;
    bool contains =
        point == "/" || path == point ||
        (path.starts_with(point) && path.size() > point.size() && path[point.size()] == '/');
    if (contains && (best == nullptr || point.size() >= best->mount_point.size())) best = &mount;
  }
  return best;
}

bool HasOption(const std::vector<std::string>& options, std::string_view option) {
  for (const std::string& candidate : options) {
    if (candidate == option) return true;
  }
  return false;
}

std::map<std::string, std::string> ParseStatusFields(std::string_view status) {
  std::map<std::string, std::string> fields;
  for (std::string_view line : Split(status, '\n')) {
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    fields[std::string(Trim(line.substr(0, colon)))] = Trim(line.substr(colon + 1));
  }
  return fields;
}

std::optional<uint64_t> ParseCapabilityMask(std::string_view hex) {
  hex = Trim(hex);
  if (hex.empty() || hex.size() > 16) return std::nullopt;
  uint64_t mask = 0;
  auto [end, error] = std::from_chars(hex.data(), hex.data() + hex.size(), mask, 16);
  if (error != std::errc() || end != hex.data() + hex.size()) return std::nullopt;
  return mask;
}

std::string CapabilityName(int bit) {
  if (bit >= 0 && bit < static_cast<int>(kLinuxCapabilityNames.size())) {
    return std::string(kLinuxCapabilityNames[bit]);
  }
  return "CAP_UNKNOWN_" + std::to_string(bit);
}

std::vector<std::string> CapabilityNames(uint64_t mask) {
  std::vector<std::string> names;
  for (int bit = 0; bit < 64; ++bit) {
    if (mask & (uint64_t{1} << bit)) names.push_back(CapabilityName(bit));
  }
  return names;
}

std::vector<CgroupMembership> ParseProcCgroup(std::string_view text) {
  std::vector<CgroupMembership> memberships;
  for (std::string_view line : Split(text, '\n')) {
    if (Trim(line).empty()) continue;
    // The path may itself contain ':', so only the first two colons separate fields.
    size_t first = line.find(':');
    size_t second = first == std::string_view::npos ? first : line.find(':', first + 1);
    if (second == std::string_view::npos) continue;
    auto id = ParseInt(line.substr(0, first));
    if (!id) continue;
    CgroupMembership membership;
    membership.hierarchy_id = static_cast<int>(*id);
    std::string_view controllers = line.substr(first + 1, second - first - 1);
    if (!controllers.empty()) {
      for (std::string_view controller : Split(controllers, ',')) {
        membership.controllers.emplace_back(controller);
      }
    }
    membership.path = line.substr(second + 1);
    memberships.push_back(std::move(membership));
  }
  return memberships;
}

std::optional<PasswdEntry> FindPasswdEntry(std::string_view passwd, uint32_t uid) {
  for (std::string_view line : Split(passwd, '\n')) {
    std::vector<std::string_view> fields = Split(line, ':');
    if (fields.size() < 7) continue;
    auto entry_uid = ParseInt(fields[2]);
    auto entry_gid = ParseInt(fields[3]);
    if (!entry_uid || !entry_gid || *entry_uid != uid) continue;
    return PasswdEntry{std::string(fields[0]), uid, static_cast<uint32_t>(*entry_gid),
                       std::string(fields[5]), std::string(Trim(fields[6]))};
  }
  return std::nullopt;
}

}  // namespace sandcheck::probe
