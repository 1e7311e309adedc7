// The glue between a check and its pure judge: observe (probe the family's shared sandbox with
// the family's one option list, and ask its host who it is), then judge and conclude.
#pragma once

#include "clusters/host_view.h"
#include "clusters/world_view.h"
#include "suites/framework/check_context.h"
#include "suites/isolation/observation.h"

namespace sandcheck::isolation {

// The identity of the host the family's shared sandbox runs on.
inline Result<HostIdentity> SharedHostIdentity(CheckContext& context) {
  ASSIGN_OR_RETURN(Sandbox * sandbox, context.SharedSandbox());
  return sandbox->host().Identity();
}

// What the harness mounted into the family's shared sandbox for the deployment's own asks.
inline Result<std::vector<HarnessMount>> SharedHarnessMounts(CheckContext& context) {
  ASSIGN_OR_RETURN(Sandbox * sandbox, context.SharedSandbox());
  std::vector<HarnessMount> mounts;
  for (const SubstrateMount& mount : sandbox->substrate_mounts()) {
    mounts.push_back({mount.target, mount.why});
  }
  const WorldView* world = sandbox->world();
  if (world == nullptr || !world->proxy()) return mounts;
  for (const std::string& target : world->proxy()->ca_mounts_in_sandbox) {
    mounts.push_back({target, "the egress proxy's CA (proxies.egress.install_ca)"});
  }
  return mounts;
}

template <Judge judge>
CheckResult ObserveAndJudge(CheckContext& context) {
  ResultBuilder result(context.check().id);
  auto document = context.Probe(IsolationProbeOptions(context.deployment()));
  if (!document.ok()) return result.Error(document.error());
  auto host = SharedHostIdentity(context);
  if (!host.ok()) return result.Error(host.error());
  auto harness_mounts = SharedHarnessMounts(context);
  if (!harness_mounts.ok()) return result.Error(harness_mounts.error());
  auto sandbox = context.SharedSandbox();
  if (!sandbox.ok()) return result.Error(sandbox.error());
  Observation observation{context.deployment(),
                          **document,
                          context.capabilities(),
                          std::move(host).value(),
                          std::move(harness_mounts).value(),
                          (*sandbox)->InitProgram()};
  return Conclude(std::move(result), judge(observation));
}

}  // namespace sandcheck::isolation
