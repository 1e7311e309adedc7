// Judges of the bypass exercise (bypass.h): every attempt of a kind must come to nothing, by
// the proxy's answer and by what the world's hosts received.
#pragma once

#include "suites/egress/bypass.h"
#include "suites/egress/exercise.h"

namespace sandcheck::egress {

CheckResult JudgeMetadataSpellings(const BypassRun& run, ResultBuilder& result);  // EGR-011
CheckResult JudgeLookAlikes(const BypassRun& run, ResultBuilder& result);         // EGR-012
CheckResult JudgeFronting(const BypassRun& run, ResultBuilder& result);           // EGR-013
CheckResult JudgeOtherPorts(const BypassRun& run, ResultBuilder& result);         // EGR-014

// A check that runs (or reuses) the bypass exercise and judges it.
template <CheckResult (*Judge)(const BypassRun&, ResultBuilder&)>
CheckResult BypassAndJudge(CheckContext& context) {
  ResultBuilder result(context.check().id);
  if (auto early = CannotJudge(context, result)) return *early;
  auto run = RunBypass(context);
  if (!run.ok()) return result.Error(run.error());
  return Judge(*run, result);
}

}  // namespace sandcheck::egress
