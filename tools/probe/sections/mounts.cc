// mounts: the probe's mount table, parsed from /proc/self/mountinfo.
#include <stdexcept>

#include "tools/probe/encoding.h"
#include "tools/probe/sections/sections.h"
#include "tools/probe/sys.h"

namespace sandcheck::probe {

MountTable ReadOwnMountTable() {
  FileContent mountinfo = ReadFileBounded("/proc/self/mountinfo", 16 << 20);
  if (mountinfo.error != 0) {
    throw std::runtime_error("read /proc/self/mountinfo: " + ErrnoName(mountinfo.error));
  }
  return ParseMountInfo(mountinfo.data);
}

Json MountsSection(const ObserveOptions&) {
  MountTable table = ReadOwnMountTable();
  Json entries = Json::array();
  for (const MountInfo& mount : table.mounts) {
    entries.push_back({
        {"mount_id", mount.mount_id},
        {"parent_id", mount.parent_id},
        {"major_minor", mount.major_minor},
        {"root", mount.root},
        {"mount_point", mount.mount_point},
        {"options", mount.options},
        {"optional_fields", mount.optional_fields},
        {"fs_type", mount.fs_type},
        {"source", mount.source},
        {"super_options", mount.super_options},
    });
  }
  return Json{{"entries", entries}, {"malformed_lines", table.malformed_lines}};
}

}  // namespace sandcheck::probe
