// What the kind substrate can express, as data (core/substrate_traits.h).
#pragma once

#include "core/substrate_traits.h"

namespace sandcheck {

SubstrateTraits KindSubstrateTraits();

}  // namespace sandcheck
