#include "clusters/docker/docker_registration.h"

#include "clusters/docker/docker_substrate.h"

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
  SubstrateTraits traits;
  traits.kind = SubstrateKind::kDocker;
  // Which of them the engine registered is known only once it answers (Capabilities).
  traits.runtimes = {RuntimeKind::kRunc, RuntimeKind::kCrun, RuntimeKind::kRunsc};
  traits.other_runtimes_why = kNoVmRuntimeWhy;
  traits.other_runtimes_fix = kNoVmRuntimeFix;
  // The engine expresses both on every runtime it runs (the negative controls use them).
  traits.privileged = true;
  traits.host_pid_runtimes = traits.runtimes;
  return {traits, EngineAnswers, Open};
}

}  // namespace sandcheck
