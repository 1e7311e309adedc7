#include "clusters/substrate_registry.h"

#include <fmt/format.h>

#include "clusters/docker/docker_registration.h"
#include "clusters/kubernetes/kind_registration.h"
#include "clusters/native/native_registration.h"
#include "clusters/oci/oci_registration.h"

namespace sandcheck {

const std::vector<SubstrateEntry>& Substrates() {
  static const std::vector<SubstrateEntry> entries = {OciSubstrateEntry(), DockerSubstrateEntry(),
                                                      NativeSubstrateEntry(), KindSubstrateEntry()};
  return entries;
}

const SubstrateEntry* FindSubstrate(SubstrateKind kind) {
  for (const auto& entry : Substrates()) {
    if (entry.traits.kind == kind) return &entry;
  }
  return nullptr;
}

std::string AvailableSubstrateNames() {
  std::string names;
  const auto& entries = Substrates();
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) names += i + 1 == entries.size() ? " and " : ", ";
    names += fmt::format("'{}'", ToString(entries[i].traits.kind));
  }
  return names;
}

std::string WhyNotInThisBuild(SubstrateKind kind) {
  if (kind != SubstrateKind::kKina) return "";
  return "kina makes its cluster's nodes macOS virtual machines with its own commands, so it "
         "runs only on a Mac with kina installed, and this build is for Linux. fix: use "
         "substrate kind, the same agent-sandbox on the kind cluster sandcheck assembles "
         "(docs/kubernetes.md)";
}

}  // namespace sandcheck
