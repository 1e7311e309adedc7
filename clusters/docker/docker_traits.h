// What the docker substrate can express, as data (core/substrate_traits.h): pure data with no
// dependency on the substrate's code, so the deployment parser's fuzzer can use it too.
#pragma once

#include "core/substrate_traits.h"

namespace sandcheck {

SubstrateTraits DockerSubstrateTraits();

}  // namespace sandcheck
