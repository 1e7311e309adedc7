#include "clusters/oci/oci_registration.h"

#include "clusters/oci/oci_substrate.h"
#include "clusters/oci/oci_traits.h"

namespace sandcheck {
namespace {

Status AlwaysReachable(const SubstrateOptions&) { return Status::Ok(); }

Result<std::unique_ptr<Substrate>> Open(const SubstrateOptions& options) {
  OciSubstrateConfig config;
  config.state_dir = options.state_dir;
  config.probe_binary = options.probe_binary;
  config.timeouts = options.timeouts;
  ASSIGN_OR_RETURN(auto substrate, OciSubstrate::Create(config));
  return std::unique_ptr<Substrate>(std::move(substrate));
}

}  // namespace

SubstrateEntry OciSubstrateEntry() {
  SubstrateTraits traits = OciSubstrateTraits();
  return {traits, AlwaysReachable, Open};
}

}  // namespace sandcheck
