#include "clusters/oci/oci_registration.h"

#include "clusters/oci/oci_substrate.h"

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
  SubstrateTraits traits;
  traits.kind = SubstrateKind::kOci;
  traits.runtimes = {RuntimeKind::kRunc, RuntimeKind::kCrun, RuntimeKind::kRunsc};
  traits.other_runtimes_why = kNoVmRuntimeWhy;
  traits.other_runtimes_fix = kNoVmRuntimeFix;
  // The bundle has no privileged mode; a shared pid namespace holds on the host kernel only.
  traits.privileged = false;
  traits.host_pid_runtimes = {RuntimeKind::kRunc, RuntimeKind::kCrun};
  return {traits, AlwaysReachable, Open};
}

}  // namespace sandcheck
