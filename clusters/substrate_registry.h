// Every substrate of this build, one entry each (clusters/substrate_entry.h). Adding a
// substrate adds its folder, one line to substrate_registry.cc, and its tests.
#pragma once

#include <string>
#include <vector>

#include "clusters/substrate_entry.h"
#include "clusters/substrate_traits_catalog.h"
#include "core/substrate_traits.h"

namespace sandcheck {

// In a fixed order: the first is the default substrate.
const std::vector<SubstrateEntry>& Substrates();

// The entry of `kind`, or nullptr when this build has no such substrate.
const SubstrateEntry* FindSubstrate(SubstrateKind kind);

// "'oci' and 'docker'": for messages refusing a substrate this build lacks.
std::string AvailableSubstrateNames();

// Why the file format knows `kind` but this build has no entry for it, with the fix; "" when
// there is no more to say than that.
std::string WhyNotInThisBuild(SubstrateKind kind);

}  // namespace sandcheck
