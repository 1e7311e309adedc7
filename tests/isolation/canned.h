// Canned inputs for the isolation judges: a hardened deployment (reference-runc's settings,
// built in code) and the probe document such a sandbox produces, which tests then break one
// field at a time.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "clusters/substrate.h"
#include "core/deployment.h"
#include "suites/framework/check.h"
#include "suites/isolation/observation.h"

namespace sandcheck::isolation::testing {

// reference-runc: uid/gid 1000, drop ALL, no_new_privileges, read-only root, /tmp 64Mi noexec,
// limits 256Mi / 1 cpu / 128 pids, volumes at /home/agent/.claude and /workspace.
Deployment HardenedDeployment();

// What the probe reports in a sandbox of HardenedDeployment() on runc (cgroup v1).
nlohmann::json HardenedDocument();

RuntimeCapabilities RuncCapabilities();
RuntimeCapabilities RunscCapabilities();

// The harness's host: hostname "buildhost", kernel 6.1.0-test.
HostIdentity TestHost();

// Makes the document's uname gVisor's (4.4.0), so a runsc sandbox kernel is shown.
void UseGvisorKernel(nlohmann::json& document);

// The entry of document["mounts"]["entries"] at `mount_point` (it must exist).
nlohmann::json& MountEntry(nlohmann::json& document, const std::string& mount_point);

// The entry of document["writable"]["entries"] with this role (it must exist).
nlohmann::json& WritableEntry(nlohmann::json& document, const std::string& role);
// The entry of document["files"]["exists"] for `path`, added when missing.
nlohmann::json& ExistsEntry(nlohmann::json& document, const std::string& path);

// Runs `judge` and concludes it, as the check does.
CheckResult Decide(Judge judge, const Deployment& deployment, const nlohmann::json& document,
                   const RuntimeCapabilities& capabilities = RuncCapabilities(),
                   const HostIdentity& host = TestHost());

}  // namespace sandcheck::isolation::testing
