#include "suites/isolation/observation.h"

#include <fmt/format.h>

#include "suites/isolation/mount_policy.h"
#include "suites/isolation/probe_reading.h"

namespace sandcheck::isolation {

SandboxKernel ShowSandboxKernel(const Observation& observation) {
  auto capability = observation.capabilities.capabilities.find(CapabilityKind::kSandboxKernel);
  if (capability == observation.capabilities.capabilities.end() || !capability->second.available) {
    return {false, fmt::format("runtime {} reports no sandbox kernel",
                               ToString(observation.deployment.runtime))};
  }
  auto kernel = SectionOf(observation.document, "kernel");
  if (!kernel.ok()) return {false, kernel.message()};
  std::string release = StringAt(**kernel, "release");
  std::string version = StringAt(**kernel, "version");
  if (observation.host.kernel_release.empty() ||
      (release == observation.host.kernel_release && version == observation.host.kernel_version)) {
    return {false, fmt::format("uname inside reports {} {}, which is not shown to differ from the "
                               "host's kernel",
                               release, version)};
  }
  return {true, fmt::format("{}; uname {} inside, {} on the host", capability->second.reason,
                            release, observation.host.kernel_release)};
}

const std::vector<std::string>& EngineSocketPaths() {
  static const std::vector<std::string> paths = {
      "/var/run/docker.sock", "/run/docker.sock",        "/run/containerd/containerd.sock",
      "/run/crio/crio.sock",  "/run/podman/podman.sock",
  };
  return paths;
}

std::vector<std::string> IsolationProbeOptions(const Deployment& deployment) {
  std::vector<std::string> options;
  for (const std::string& path : EngineSocketPaths()) {
    options.insert(options.end(), {"--connect", "unix:" + path});
  }
  for (const std::string& path : CredentialPaths(deployment)) {
    options.insert(options.end(), {"--exists", path});
  }
  options.insert(options.end(), {"--read", kInitStatusPath});
  return options;
}

}  // namespace sandcheck::isolation
