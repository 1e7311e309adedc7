// The options every command that starts sandboxes shares (--state-dir, --probe,
// --timeout-scale), and building the oci substrate from them.
#pragma once

#include <memory>
#include <vector>

#include "clusters/oci/oci_substrate.h"
#include "core/deployment.h"
#include "core/result.h"
#include "tools/sandcheck/options.h"

namespace sandcheck::cli {

void AddSubstrateOptions(po::options_description& options);

// Creates the oci substrate for this run (taking its run lock) and sweeps what interrupted
// runs left in the same state directory.
Result<std::unique_ptr<OciSubstrate>> OpenOciSubstrate(const po::variables_map& vars);

// Parses every file; all-or-nothing, every file's errors reported together.
Result<std::vector<Deployment>> LoadDeployments(const std::vector<std::string>& files);

// Refuses deployments this build cannot stand up, before anything starts.
Status RequireOciSubstrate(const std::vector<Deployment>& deployments);

}  // namespace sandcheck::cli
