#include "suites/credentials/judgement.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace sandcheck {

CheckResult Conclude(ResultBuilder result, const Judgement& judgement,
                     const std::string& evidence_key, std::string pass_summary) {
  result.evidence()[evidence_key] = judgement.evidence;
  result.evidence()["problems"] = judgement.problems;
  result.evidence()["inconclusive"] = judgement.inconclusive;
  if (!judgement.problems.empty()) {
    return result.Fail(fmt::format("{}", fmt::join(judgement.problems, "; ")));
  }
  if (!judgement.inconclusive.empty()) {
    return result.Error(fmt::format("could not tell: {}", fmt::join(judgement.inconclusive, "; ")));
  }
  return result.Pass(std::move(pass_summary));
}

}  // namespace sandcheck
