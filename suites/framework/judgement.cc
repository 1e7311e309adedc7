#include "suites/framework/judgement.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace sandcheck {

CheckResult Conclude(ResultBuilder result, const Result<Judgement>& judgement) {
  if (!judgement.ok()) return result.Error(judgement.error());
  result.evidence().update(judgement->evidence);  // beside what the check recorded itself
  result.evidence()["problems"] = judgement->problems;
  result.evidence()["inconclusive"] = judgement->inconclusive;
  if (!judgement->problems.empty()) {
    return result.Fail(fmt::format("{}", fmt::join(judgement->problems, "; ")));
  }
  if (!judgement->inconclusive.empty()) {
    return result.Error(
        fmt::format("could not tell: {}", fmt::join(judgement->inconclusive, "; ")));
  }
  if (!judgement->unobservable.empty()) return result.Skip(judgement->unobservable);
  return result.Pass(judgement->holds);
}

CheckResult Conclude(ResultBuilder result, Judgement judgement, const std::string& evidence_key,
                     std::string holds) {
  judgement.evidence = {{evidence_key, std::move(judgement.evidence)}};
  judgement.holds = std::move(holds);
  return Conclude(std::move(result), judgement);
}

}  // namespace sandcheck
