#include "clusters/substrate_traits_catalog.h"

#include <vector>

#include "clusters/docker/docker_traits.h"
#include "clusters/kubernetes/kind_traits.h"
#include "clusters/native/native_traits.h"
#include "clusters/oci/oci_traits.h"

namespace sandcheck {

SubstrateCatalog SubstrateTraitsCatalog() {
  static const std::vector<SubstrateTraits> catalog = {
      OciSubstrateTraits(), DockerSubstrateTraits(), NativeSubstrateTraits(),
      KindSubstrateTraits()};
  return catalog;
}

}  // namespace sandcheck
