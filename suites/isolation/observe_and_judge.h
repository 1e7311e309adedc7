// The glue between a check and its pure judge: observe (probe the family's shared sandbox with
// the family's one option list), then judge and conclude.
#pragma once

#include "suites/check_context.h"
#include "suites/isolation/observation.h"

namespace sandcheck::isolation {

template <Judge judge>
CheckResult ObserveAndJudge(CheckContext& context) {
  ResultBuilder result(context.check().id);
  auto document = context.Probe(IsolationProbeOptions(context.deployment()));
  if (!document.ok()) return result.Error(document.error());
  Observation observation{context.deployment(), **document, context.capabilities(),
                          ReadHostFacts()};
  return Conclude(std::move(result), judge(observation));
}

}  // namespace sandcheck::isolation
