// Runs checks for one deployment over a substrate. Applies the skip rules before a check
// runs, turns anything a check throws into an error verdict, and never returns pass for a
// check that did not say so itself.
#pragma once

#include <future>
#include <optional>
#include <thread>
#include <vector>

#include "clusters/substrate.h"
#include "suites/framework/check.h"
#include "suites/framework/check_context.h"
#include "suites/framework/shared_sandboxes.h"

namespace sandcheck {

// The verdict a check gets without running, if any: not-applicable when the deployment
// assigns no phase to the check's family (it does not make that promise), skip when the
// runtime lacks a capability the check needs (with the capability's own reason).
std::optional<CheckResult> Precondition(const CheckInfo& check, const Deployment& deployment,
                                        const RuntimeCapabilities& capabilities);

// One deployment's run: owns the shared sandboxes its checks use. The substrate must
// outlive it.
class DeploymentRun {
 public:
  DeploymentRun(Deployment deployment, Substrate& substrate, RunOptions options);

  const Deployment& deployment() const { return deployment_; }
  const RuntimeCapabilities& capabilities() const { return capabilities_; }

  ~DeploymentRun();

  // Never throws. The result's id is always check.id.
  CheckResult Run(const CheckInfo& check);
  // Starts `checks` in the background, up to options.family_lanes families at once, each
  // family's checks in their given order, and the fresh sandboxes they declare ahead of them
  // (CheckInfo::prefetch_fresh). A family's sandboxes are released when its last check has run.
  // One future per check, in the order of `checks`; it holds an exception only when the runner
  // itself failed (what a check throws is already its error verdict).
  std::vector<std::shared_future<CheckResult>> Start(const std::vector<const CheckInfo*>& checks);
  // Waits for what Start started, then destroys the shared sandboxes (also done by the
  // destructor).
  void ReleaseSandboxes();

 private:
  bool StartsFreshAhead(const CheckInfo& check) const;

  Deployment deployment_;
  Substrate& substrate_;
  RunOptions options_;
  RuntimeCapabilities capabilities_;
  SharedSandboxes shared_;
  std::vector<std::jthread> lanes_;
};

// Runs `checks` in order and releases the shared sandboxes before returning.
std::vector<CheckResult> RunChecks(const Deployment& deployment, Substrate& substrate,
                                   const std::vector<const CheckInfo*>& checks,
                                   const RunOptions& options);

}  // namespace sandcheck
