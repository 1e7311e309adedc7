#include "core/deployment.h"

#include <algorithm>
#include <set>

#include "core/capability_names.h"

namespace sandcheck {

std::string_view ToString(SubstrateKind kind) {
  switch (kind) {
    case SubstrateKind::kOci:
      return "oci";
    case SubstrateKind::kDocker:
      return "docker";
    case SubstrateKind::kKind:
      return "kind";
    case SubstrateKind::kKina:
      return "kina";
    case SubstrateKind::kNative:
      return "native";
  }
  return "?";
}

std::string_view ToString(RuntimeKind kind) {
  switch (kind) {
    case RuntimeKind::kRunc:
      return "runc";
    case RuntimeKind::kCrun:
      return "crun";
    case RuntimeKind::kRunsc:
      return "runsc";
    case RuntimeKind::kKata:
      return "kata";
    case RuntimeKind::kBwrap:
      return "bwrap";
    case RuntimeKind::kSrt:
      return "srt";
  }
  return "?";
}

std::string_view ToString(NetworkMode mode) {
  switch (mode) {
    case NetworkMode::kNone:
      return "none";
    case NetworkMode::kWorld:
      return "world";
    case NetworkMode::kHost:
      return "host";
  }
  return "?";
}

std::string_view ToString(SeccompMode mode) {
  switch (mode) {
    case SeccompMode::kRuntimeDefault:
      return "runtime-default";
    case SeccompMode::kUnconfined:
      return "unconfined";
    case SeccompMode::kProfile:
      return "profile";
  }
  return "?";
}

std::string_view ToString(KernelMode mode) {
  switch (mode) {
    case KernelMode::kHost:
      return "host";
    case KernelMode::kSandbox:
      return "sandbox";
  }
  return "?";
}

std::string_view ToString(Phase phase) {
  switch (phase) {
    case Phase::kIsolation:
      return "isolation";
    case Phase::kObservability:
      return "observability";
    case Phase::kPortability:
      return "portability";
  }
  return "?";
}

std::string_view ToString(CredentialHeader header) {
  switch (header) {
    case CredentialHeader::kApiKey:
      return "x-api-key";
    case CredentialHeader::kBearer:
      return "bearer";
  }
  return "?";
}

bool HostMatches(std::string_view pattern, std::string_view host) {
  if (pattern == "*") return true;
  if (pattern.starts_with("*.")) {
    std::string_view suffix = pattern.substr(1);  // ".suffix"
    return host.size() > suffix.size() && host.ends_with(suffix);
  }
  return pattern == host;
}

bool IsHostPattern(std::string_view pattern) {
  if (pattern == "*") return true;
  if (pattern.starts_with("*.")) pattern.remove_prefix(2);
  if (pattern.empty() || pattern.size() > 253 || pattern.front() == '.' || pattern.back() == '.') {
    return false;
  }
  size_t label = 0;
  for (char c : pattern) {
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
      continue;
    }
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || ++label > 63) return false;
  }
  return true;
}

const std::vector<std::string>& DefaultCapabilities() {
  // Docker/containerd defaults (moby oci/caps/defaults.go).
  static const std::vector<std::string> caps = {
      "CAP_AUDIT_WRITE", "CAP_CHOWN",   "CAP_DAC_OVERRIDE",     "CAP_FOWNER",    "CAP_FSETID",
      "CAP_KILL",        "CAP_MKNOD",   "CAP_NET_BIND_SERVICE", "CAP_NET_RAW",   "CAP_SETFCAP",
      "CAP_SETGID",      "CAP_SETPCAP", "CAP_SETUID",           "CAP_SYS_CHROOT"};
  return caps;
}

const std::vector<std::string>& AllCapabilities() {
  static const std::vector<std::string> caps(kLinuxCapabilityNames.begin(),
                                             kLinuxCapabilityNames.end());
  return caps;
}

std::vector<std::string> Deployment::EffectiveCapabilities() const {
  std::set<std::string> caps(DefaultCapabilities().begin(), DefaultCapabilities().end());
  for (const auto& cap : capabilities_drop) {
    if (cap == "ALL") {
      caps.clear();
    } else {
      caps.erase(cap);
    }
  }
  caps.insert(capabilities_add.begin(), capabilities_add.end());
  return {caps.begin(), caps.end()};
}

}  // namespace sandcheck
