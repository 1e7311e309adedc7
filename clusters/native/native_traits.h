// What the native substrate (command wrappers: bwrap, srt) can express, as data.
#pragma once

#include "core/substrate_traits.h"

namespace sandcheck {

SubstrateTraits NativeSubstrateTraits();

}  // namespace sandcheck
