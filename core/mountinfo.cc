#include "core/mountinfo.h"

#include <algorithm>
#include <sstream>

#include "core/fs_util.h"

namespace sandcheck {
namespace {

// mountinfo escapes space, tab, newline and backslash as \ooo octal.
std::string Unescape(const std::string& field) {
  std::string out;
  for (size_t i = 0; i < field.size(); ++i) {
    bool octal = field[i] == '\\' && i + 3 < field.size() &&
                 std::all_of(field.begin() + i + 1, field.begin() + i + 4,
                             [](char c) { return c >= '0' && c <= '7'; });
    if (octal) {
      out += static_cast<char>(std::stoi(field.substr(i + 1, 3), nullptr, 8));
      i += 3;
    } else {
      out += field[i];
    }
  }
  return out;
}

// "/a/b/" and "/a/./b" both become "/a/b", so component-wise comparison works.
std::filesystem::path Normalized(const std::filesystem::path& path) {
  auto clean = path.lexically_normal();
  if (clean.has_relative_path() && clean.filename().empty()) clean = clean.parent_path();
  return clean;
}

bool IsAtOrBelow(const std::filesystem::path& path, const std::filesystem::path& root) {
  auto mismatch = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return mismatch.first == root.end();
}

}  // namespace

std::vector<MountEntry> ParseMountInfo(const std::string& text) {
  std::vector<MountEntry> mounts;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    // id parent major:minor root mount-point options [optional...] - type source super-options
    std::istringstream fields(line);
    std::vector<std::string> parts;
    for (std::string part; fields >> part;) parts.push_back(part);
    auto separator = std::find(parts.begin(), parts.end(), "-");
    if (parts.size() < 5 || separator == parts.end() || parts.end() - separator < 3) continue;
    MountEntry entry;
    entry.mount_point = Unescape(parts[4]);
    entry.fs_type = *(separator + 1);
    entry.source = Unescape(*(separator + 2));
    if (parts.end() - separator > 3) entry.super_options = *(separator + 3);
    mounts.push_back(std::move(entry));
  }
  return mounts;
}

Result<std::vector<MountEntry>> ReadMountInfo() {
  ASSIGN_OR_RETURN(std::string text, ReadFile("/proc/self/mountinfo"));
  return ParseMountInfo(text);
}

std::vector<std::filesystem::path> MountsUnder(const std::vector<MountEntry>& mounts,
                                               const std::filesystem::path& root) {
  std::vector<std::filesystem::path> found;
  auto clean_root = Normalized(root);
  // Later lines are mounted on top of earlier ones: walking backwards unmounts top first.
  for (auto it = mounts.rbegin(); it != mounts.rend(); ++it) {
    if (IsAtOrBelow(Normalized(it->mount_point), clean_root)) {
      found.push_back(it->mount_point);
    }
  }
  std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return std::distance(a.begin(), a.end()) > std::distance(b.begin(), b.end());
  });
  return found;
}

}  // namespace sandcheck
