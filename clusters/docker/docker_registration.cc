#include "clusters/docker/docker_registration.h"

#include "clusters/docker/docker_substrate.h"
#include "clusters/docker/docker_traits.h"

namespace sandcheck {
namespace {

Status EngineAnswers(const SubstrateOptions& options) {
  return EngineClient(options.docker_socket).Ping();
}

Result<std::unique_ptr<Substrate>> Open(const SubstrateOptions& options) {
  DockerSubstrateConfig config;
  config.state_dir = options.state_dir;
  config.socket = options.docker_socket;
  config.probe_binary = options.probe_binary;
  config.timeouts = options.timeouts;
  ASSIGN_OR_RETURN(auto substrate, DockerSubstrate::Create(config));
  return std::unique_ptr<Substrate>(std::move(substrate));
}

}  // namespace

SubstrateEntry DockerSubstrateEntry() {
  SubstrateTraits traits = DockerSubstrateTraits();
  return {traits, EngineAnswers, Open};
}

}  // namespace sandcheck
