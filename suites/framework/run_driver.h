// Runs the selected checks of every deployment and hands their results back as values, in a
// deterministic order: deployment by deployment, each in the order of `checks`. Within a
// deployment its families run side by side (DeploymentRun::Start); the next deployment starts
// once the previous one's shared sandboxes are gone.
#pragma once

#include <cstddef>
#include <vector>

#include "clusters/substrate.h"
#include "core/check_model.h"
#include "suites/framework/check.h"
#include "suites/framework/check_context.h"

namespace sandcheck {

// Told about progress, always from the thread that called RunDeployments and in result order,
// so an implementation needs no locking.
class RunListener {
 public:
  virtual ~RunListener() = default;
  // Before anything starts: how many results the run will produce.
  virtual void OnRunStart(size_t total_checks) = 0;
  // The driver waits for `check` next; it may have started already in its family's lane.
  virtual void OnCheckStart(const Deployment& deployment, const CheckInfo& check) = 0;
  virtual void OnCheckEnd(const Deployment& deployment, const CheckResult& result) = 0;
};

// One result per (deployment, check). Never a pass for a check that did not say so: what a
// check throws, and a result the runner could not deliver, come back as error verdicts.
// `substrate` must outlive the call.
std::vector<DeploymentCheckResult> RunDeployments(const std::vector<Deployment>& deployments,
                                                  const std::vector<const CheckInfo*>& checks,
                                                  Substrate& substrate, const RunOptions& options,
                                                  RunListener& listener);

}  // namespace sandcheck
