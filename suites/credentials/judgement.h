// What a check's pure logic concludes from evidence, before it becomes a verdict: problems make
// it fail, inconclusive observations make it an error (the harness could not tell), and neither
// makes it pass. Shared by the credentials and persistence families.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "suites/check.h"

namespace sandcheck {

struct Judgement {
  std::vector<std::string> problems;
  std::vector<std::string> inconclusive;
  nlohmann::json evidence = nlohmann::json::object();
};

// Fail with the problems, else error with the inconclusive observations, else pass with
// `pass_summary`. The evidence goes into the result under `evidence_key`.
CheckResult Conclude(ResultBuilder result, const Judgement& judgement,
                     const std::string& evidence_key, std::string pass_summary);

}  // namespace sandcheck
