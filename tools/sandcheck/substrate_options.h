// The options every command that starts sandboxes shares (--state-dir, --probe,
// --timeout-scale, --docker-socket), and opening the deployments' substrate from them through
// the registry (clusters/substrate_registry.h).
#pragma once

#include <memory>
#include <vector>

#include "clusters/substrate_registry.h"
#include "core/deployment.h"
#include "core/result.h"
#include "core/run_id.h"
#include "tools/sandcheck/options.h"

namespace sandcheck::cli {

void AddSubstrateOptions(po::options_description& options);

// The options as every substrate's factory takes them; --verbose takes effect here.
Result<SubstrateOptions> SubstrateOptionsFrom(const po::variables_map& vars);

// The substrate the deployments name; they must all name the same one, and this build must
// have it (kind and kina are refused here, before anything starts).
Result<SubstrateKind> CommonSubstrate(const std::vector<Deployment>& deployments);

// Opens the substrate of `kind` for this run (taking its run lock) and sweeps what interrupted
// runs left there.
Result<std::unique_ptr<Substrate>> OpenSubstrate(const po::variables_map& vars, SubstrateKind kind);

// Parses every file; all-or-nothing, every file's errors reported together.
Result<std::vector<Deployment>> LoadDeployments(const std::vector<std::string>& files);

// Plants the run's canaries and fake host (once, in <state-dir>/hosts/sc-<run>-host) and
// resolves every deployment's host references (${host_home}, ${host:NAME}) against them: before
// the first sandbox starts, so that no sandbox sees the operator's real home or tokens. Fake
// hosts of runs whose lock is free (a killed run's) are removed first.
Status PlantHostAndResolve(const po::variables_map& vars, const RunId& run,
                           std::vector<Deployment>& deployments);

}  // namespace sandcheck::cli
