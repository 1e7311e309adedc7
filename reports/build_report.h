// Turns the results of a run into the per-deployment sections of a RunReport, so the CLI does
// not have to know how reports are organised.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/check_model.h"
#include "core/result.h"
#include "reports/run_report.h"

namespace sandcheck::reports {

// One section per deployment, in the order of `deployments`, each with its results in the
// order they were given. The runtime version is looked up in `tool_versions` by runtime
// name ("runsc" -> "release-20240807.0"); absent: "unknown". A result naming a deployment
// that is not in `deployments` is an error: it would otherwise vanish from every report.
Result<std::vector<DeploymentSection>> GroupByDeployment(
    const std::vector<Deployment>& deployments, const std::vector<DeploymentCheckResult>& results,
    const std::map<std::string, std::string>& tool_versions);

}  // namespace sandcheck::reports
