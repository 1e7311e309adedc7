// The glue between a check and its pure judge: observe (probe the family's shared sandbox with
// the family's one option list, and ask its host who it is), then judge and conclude.
#pragma once

#include "clusters/host_view.h"
#include "suites/check_context.h"
#include "suites/isolation/observation.h"

namespace sandcheck::isolation {

// The identity of the host the family's shared sandbox runs on.
inline Result<HostIdentity> SharedHostIdentity(CheckContext& context) {
  ASSIGN_OR_RETURN(Sandbox * sandbox, context.SharedSandbox());
  return sandbox->host().Identity();
}

template <Judge judge>
CheckResult ObserveAndJudge(CheckContext& context) {
  ResultBuilder result(context.check().id);
  auto document = context.Probe(IsolationProbeOptions(context.deployment()));
  if (!document.ok()) return result.Error(document.error());
  auto host = SharedHostIdentity(context);
  if (!host.ok()) return result.Error(host.error());
  Observation observation{context.deployment(), **document, context.capabilities(),
                          std::move(host).value()};
  return Conclude(std::move(result), judge(observation));
}

}  // namespace sandcheck::isolation
