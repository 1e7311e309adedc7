// Pure parsers for the text files the probe reads from /proc and /etc. They take the file
// content, never a path, so tests can feed them any line a kernel (or gVisor) may produce.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sandcheck::probe {

// One line of /proc/[pid]/mountinfo (see proc(5)), with octal escapes (\040 ...) decoded.
struct MountInfo {
  int mount_id = 0;
  int parent_id = 0;
  std::string major_minor;
  std::string root;  // the directory of the filesystem that is mounted here
  std::string mount_point;
  std::vector<std::string> options;          // per-mount: ro, nosuid, noexec, ...
  std::vector<std::string> optional_fields;  // shared:N, master:N, ...
  std::string fs_type;
  std::string source;
  std::vector<std::string> super_options;  // per-superblock
};

// Decodes the \ooo octal escapes the kernel writes for space, tab, newline and backslash.
std::string UnescapeOctal(std::string_view text);

// nullopt when the line does not have the mountinfo shape.
std::optional<MountInfo> ParseMountInfoLine(std::string_view line);

struct MountTable {
  std::vector<MountInfo> mounts;
  std::vector<std::string> malformed_lines;
};
MountTable ParseMountInfo(std::string_view text);

// The mount that holds `path` (absolute, canonical): the longest mount point that is the path
// or one of its parents; among equal ones the last listed, since later mounts stack on top.
const MountInfo* MountContaining(const std::vector<MountInfo>& mounts, std::string_view path);

bool HasOption(const std::vector<std::string>& options, std::string_view option);

// "Key:\tvalue" lines of /proc/[pid]/status, values trimmed.
std::map<std::string, std::string> ParseStatusFields(std::string_view status);

// A capability mask as written in /proc/[pid]/status (16 hex digits).
std::optional<uint64_t> ParseCapabilityMask(std::string_view hex);

// "CAP_SYS_ADMIN" for bit 21; bits the table does not know become "CAP_UNKNOWN_<bit>".
std::string CapabilityName(int bit);
std::vector<std::string> CapabilityNames(uint64_t mask);

// One line of /proc/[pid]/cgroup: "hierarchy-id:controller,list:/path" (v2: "0::/path").
struct CgroupMembership {
  int hierarchy_id = 0;
  std::vector<std::string> controllers;
  std::string path;
};
std::vector<CgroupMembership> ParseProcCgroup(std::string_view text);

struct PasswdEntry {
  std::string name;
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::string home;
  std::string shell;
};
// Looks up a uid in /etc/passwd content ourselves: NSS does not work in a static binary.
std::optional<PasswdEntry> FindPasswdEntry(std::string_view passwd, uint32_t uid);

// Splits on `separator`, keeping empty fields.
std::vector<std::string_view> Split(std::string_view text, char separator);
std::string_view Trim(std::string_view text);
std::optional<int64_t> ParseInt(std::string_view text);

}  // namespace sandcheck::probe
