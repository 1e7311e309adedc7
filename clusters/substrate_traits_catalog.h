// What every substrate of this build can express, in the registry's order: the catalog the
// deployment parser reads. Pure data, apart from the substrates' code (the parser's fuzzer links
// it alone); the registry (substrate_registry.h) pairs each entry with how it is opened.
#pragma once

#include "core/substrate_traits.h"

namespace sandcheck {

SubstrateCatalog SubstrateTraitsCatalog();

}  // namespace sandcheck
