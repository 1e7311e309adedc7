// The native substrate's entry in the registry (clusters/substrate_registry.h).
#pragma once

#include "clusters/substrate_entry.h"

namespace sandcheck {

SubstrateEntry NativeSubstrateEntry();

}  // namespace sandcheck
