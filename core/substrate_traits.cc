#include "core/substrate_traits.h"

namespace sandcheck {

const SubstrateTraits* FindTraits(SubstrateCatalog catalog, SubstrateKind kind) {
  for (const auto& traits : catalog) {
    if (traits.kind == kind) return &traits;
  }
  return nullptr;
}

}  // namespace sandcheck
