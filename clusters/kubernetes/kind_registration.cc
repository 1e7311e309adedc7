#include "clusters/kubernetes/kind_registration.h"

#include "clusters/kubernetes/kind_substrate.h"
#include "clusters/kubernetes/kind_traits.h"

namespace sandcheck {
namespace {

Status ClusterAnswers(const SubstrateOptions& options) {
  (void)options;
  auto cluster = FindKindCluster();
  return cluster.ok() ? Status::Ok() : cluster.error();
}

Result<std::unique_ptr<Substrate>> Open(const SubstrateOptions& options) {
  KindSubstrateConfig config;
  config.state_dir = options.state_dir;
  config.socket = options.docker_socket;
  config.probe_binary = options.probe_binary;
  config.timeouts = options.timeouts;
  ASSIGN_OR_RETURN(auto substrate, KindSubstrate::Create(config));
  return std::unique_ptr<Substrate>(std::move(substrate));
}

}  // namespace

SubstrateEntry KindSubstrateEntry() { return {KindSubstrateTraits(), ClusterAnswers, Open}; }

}  // namespace sandcheck
