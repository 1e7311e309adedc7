#include "clusters/native/native_registration.h"

#include "clusters/native/native_substrate.h"
#include "clusters/native/native_traits.h"

namespace sandcheck {
namespace {

// Which wrappers run here is a runtime's availability (Capabilities), as for the oci runtimes.
Status AlwaysReachable(const SubstrateOptions&) { return Status::Ok(); }

Result<std::unique_ptr<Substrate>> Open(const SubstrateOptions& options) {
  NativeSubstrateConfig config;
  config.state_dir = options.state_dir;
  config.probe_binary = options.probe_binary;
  config.timeouts = options.timeouts;
  ASSIGN_OR_RETURN(auto substrate, NativeSubstrate::Create(config));
  return std::unique_ptr<Substrate>(std::move(substrate));
}

}  // namespace

SubstrateEntry NativeSubstrateEntry() { return {NativeSubstrateTraits(), AlwaysReachable, Open}; }

}  // namespace sandcheck
