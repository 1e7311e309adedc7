// A check: one promise of a deployment (CheckDescription, core/check_model.h) and the free
// function that judges it over a CheckContext. It reports a CheckResult whose verdict is earned
// explicitly (see ResultBuilder).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/capability_kind.h"
#include "core/check_model.h"
#include "core/deployment.h"
#include "core/result.h"

namespace sandcheck {

class CheckContext;

// A plain function pointer on purpose: checks are free functions, not stateful objects.
using CheckFn = CheckResult (*)(CheckContext&);

struct CheckInfo : CheckDescription {
  CheckFn fn = nullptr;
  // Whether the check will start a sandbox of its own (AcquireFresh) for `deployment`: the
  // runner then starts the first one ahead, while the family's earlier checks run.
  bool (*prefetch_fresh)(const Deployment& deployment) = nullptr;
};

// Builds a CheckResult. Evidence accumulates along the way; the verdict is set only by one
// of the finishing calls, so a check that forgets to decide reports error, not pass.
class ResultBuilder {
 public:
  explicit ResultBuilder(std::string id) { result_.id = std::move(id); }

  nlohmann::json& evidence() { return result_.evidence; }

  CheckResult Pass(std::string summary) { return Finish(Verdict::kPass, std::move(summary)); }
  CheckResult Fail(std::string summary) { return Finish(Verdict::kFail, std::move(summary)); }
  CheckResult Error(std::string summary) { return Finish(Verdict::kError, std::move(summary)); }
  CheckResult Error(const sandcheck::Error& error) { return Error(error.message); }
  CheckResult Skip(std::string reason) { return Finish(Verdict::kSkip, std::move(reason)); }
  CheckResult NotApplicable(std::string reason) {
    return Finish(Verdict::kNotApplicable, std::move(reason));
  }

 private:
  CheckResult Finish(Verdict verdict, std::string summary) {
    result_.verdict = verdict;
    result_.summary = std::move(summary);
    return result_;
  }
  CheckResult result_;
};

}  // namespace sandcheck
