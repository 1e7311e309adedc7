// capabilities and security: the probe's own credentials and confinement as the kernel (or
// gVisor) reports them in /proc/self/status. Fields a kernel does not report are null, never 0.
#include <sys/prctl.h>

#include <stdexcept>

#include "tools/probe/encoding.h"
#include "tools/probe/proc_parsers.h"
#include "tools/probe/sections/sections.h"
#include "tools/probe/sys.h"

namespace sandcheck::probe {
namespace {

std::map<std::string, std::string> ReadOwnStatus() {
  FileContent status = ReadFileBounded("/proc/self/status");
  if (status.error != 0) {
    throw std::runtime_error("read /proc/self/status: " + ErrnoName(status.error));
  }
  return ParseStatusFields(status.data);
}

Json IntegerField(const std::map<std::string, std::string>& fields, const std::string& name) {
  auto it = fields.find(name);
  if (it == fields.end()) return nullptr;
  auto value = ParseInt(it->second);
  return value ? Json(*value) : Json(nullptr);
}

}  // namespace

Json CapabilitiesSection(const ObserveOptions&) {
  static constexpr std::pair<const char*, const char*> kSets[] = {
      {"CapInh", "inheritable"}, {"CapPrm", "permitted"}, {"CapEff", "effective"},
      {"CapBnd", "bounding"},    {"CapAmb", "ambient"},
  };
  auto fields = ReadOwnStatus();
  Json capabilities;
  Json raw;
  for (const auto& [field, key] : kSets) {
    auto it = fields.find(field);
    auto mask = it == fields.end() ? std::nullopt : ParseCapabilityMask(it->second);
    capabilities[key] = mask ? Json(CapabilityNames(*mask)) : Json(nullptr);
    raw[field] = it == fields.end() ? Json(nullptr) : Json(it->second);
  }
  capabilities["raw"] = raw;
  return capabilities;
}

Json SecuritySection(const ObserveOptions&) {
  auto fields = ReadOwnStatus();
  Json security;
  security["no_new_privs"] = IntegerField(fields, "NoNewPrivs");
  security["seccomp_mode"] = IntegerField(fields, "Seccomp");
  security["seccomp_filters"] = IntegerField(fields, "Seccomp_filters");
  // Asked directly too: gVisor may answer prctl even where its status file lacks the field.
  int no_new_privs = ::prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
  security["no_new_privs_prctl"] = no_new_privs >= 0 ? Json(no_new_privs) : Json(nullptr);
  FileContent label = ReadFileBounded("/proc/self/attr/current", 4096);
  std::string trimmed(Trim(label.data));
  // The kernel pads some labels with a trailing NUL.
  while (!trimmed.empty() && trimmed.back() == '\0') trimmed.pop_back();
  security["lsm_label"] = label.error == 0 ? Json(trimmed) : Json(nullptr);
  return security;
}

}  // namespace sandcheck::probe
