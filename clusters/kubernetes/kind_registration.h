// The kind substrate's entry in the registry (clusters/substrate_registry.h).
#pragma once

#include "clusters/substrate_entry.h"

namespace sandcheck {

SubstrateEntry KindSubstrateEntry();

}  // namespace sandcheck
