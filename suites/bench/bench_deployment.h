// What the startup benchmarks of every substrate time: one hardened deployment and the probe's
// cheapest command, so figures of the oci and docker substrates compare like with like.
#pragma once

#include <string>
#include <vector>

#include "clusters/substrate.h"
#include "core/deployment.h"

namespace sandcheck::bench {

// The probe's cheapest section: what every figure's "first command" and exec run.
const std::vector<std::string>& ProbeCommand();

// Hardened like the reference deployments (non-root, read-only root, no capabilities, no new
// privileges, limits, no network), so the figures include what a real run pays for.
Deployment BenchDeployment(RuntimeKind runtime);

// Runs ProbeCommand in the sandbox; an error unless it succeeded.
Status ProbeSucceeds(Sandbox& sandbox);

}  // namespace sandcheck::bench
