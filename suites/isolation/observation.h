// What an isolation judge decides from: the deployment's promises, the probe's document from
// inside the sandbox, the runtime's capabilities, and the identity of the host the sandbox runs
// on (to tell a sandbox's hostname and kernel from the host's). Judges are pure functions
// of an Observation, so sandcheck's own tests drive them with canned documents.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "clusters/host_view.h"
#include "clusters/substrate.h"
#include "core/deployment.h"
#include "core/result.h"
#include "suites/framework/check.h"
#include "suites/framework/judgement.h"

namespace sandcheck::isolation {

// A mount the harness added to the sandbox beyond the deployment file's own, because the
// deployment asked for what it serves (the egress proxy's CA for proxies.egress.install_ca).
struct HarnessMount {
  std::string target;  // in the sandbox
  std::string why;
};

struct Observation {
  const Deployment& deployment;
  const nlohmann::json& document;
  const RuntimeCapabilities& capabilities;
  HostIdentity host;  // of the host the sandbox runs on (Sandbox::host())
  std::vector<HarnessMount> harness_mounts = {};
  std::string init_program = "";  // Sandbox::InitProgram()
};

using Judge = Result<Judgement> (*)(const Observation& observation);

// Whether the agent runs on a sandbox kernel, shown rather than assumed: the runtime reports
// the "sandbox-kernel" capability *and* the probe's uname differs from the host's. Checks use
// it where a syscall or device reaches only that kernel, never the host's; `reason` says which
// half is missing, or the capability's own description.
struct SandboxKernel {
  bool shown = false;
  std::string reason;
};
SandboxKernel ShowSandboxKernel(const Observation& observation);

// The container-engine sockets ISO-011 tries to connect() to.
const std::vector<std::string>& EngineSocketPaths();

// PID 1's status file: the agent's init, whose confinement may differ from that of processes
// exec'd into the sandbox (the probe is one).
inline constexpr char kInitStatusPath[] = "/proc/1/status";

// The one option list every read-only isolation check shares, so the family's shared sandbox
// runs the probe once: every default section, a connect() to each engine socket, a stat of
// each credential path (mount_policy.h), and a read of PID 1's status.
std::vector<std::string> IsolationProbeOptions(const Deployment& deployment);

}  // namespace sandcheck::isolation
