// What the kind substrate can express, as data (core/substrate_traits.h).
#pragma once

#include <cstdint>

#include "core/substrate_traits.h"

namespace sandcheck {

// The podPidsLimit clusters/kind/kind-config.yaml gives the kubelet: what `limits.pids` must say
// on kind (checked at validation; the substrate reads the node's own value when it acquires).
inline constexpr int64_t kKindPodPidsLimit = 1024;

SubstrateTraits KindSubstrateTraits();

}  // namespace sandcheck
