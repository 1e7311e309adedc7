// What a check's pure logic concludes from evidence, before it becomes a verdict. Judges are
// pure functions of what was observed, so sandcheck's own tests drive them with canned
// evidence; Conclude turns their judgement into the check's result, the same way for every
// family: problems make it fail, inconclusive observations make it an error (the harness could
// not tell), a promise the runtime's design hides is a loud skip, and only a judgement with
// none of these passes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/result.h"
#include "suites/framework/check.h"

namespace sandcheck {

struct Judgement {
  nlohmann::json evidence = nlohmann::json::object();  // an object, unless Conclude nests it
  std::vector<std::string> problems;      // one sentence each, naming what was observed
  std::vector<std::string> inconclusive;  // what could not be told, one sentence each
  // Set when the runtime's design hides what the promise needs (gVisor shows no cgroup
  // files): a loud skip, never a harness failure, which is an error.
  std::string unobservable;
  std::string holds;  // the pass summary: what was shown to hold
};

// Error when the judgement could not be made (the evidence lacked what the judge needed), else
// fail with the problems joined, error with the inconclusive observations, skip when
// unobservable, or pass with `holds`. The judgement's evidence joins the result's, with
// "problems" and "inconclusive" added.
CheckResult Conclude(ResultBuilder result, const Result<Judgement>& judgement);

// The same, with the judgement's evidence under `evidence_key` and `holds` as the pass summary:
// for judges that know what they saw but not how the check words success.
CheckResult Conclude(ResultBuilder result, Judgement judgement, const std::string& evidence_key,
                     std::string holds);

}  // namespace sandcheck
