// A check: one promise of a deployment with a stable id, a one-line MUST statement and the
// negative controls that must make it fail. Checks are free functions over a CheckContext;
// they report a CheckResult whose verdict is earned explicitly (see ResultBuilder).
#pragma once

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "clusters/capability_kind.h"
#include "core/deployment.h"
#include "core/result.h"

namespace sandcheck {

class CheckContext;

enum class Family {
  kIsolation,
  kCredentials,
  kPersistence,
  kHooks,
  kEgress,
  kObservability,
  kAgent
};
enum class Severity { kCritical, kHigh, kMedium, kLow };
enum class Verdict { kPass, kFail, kError, kSkip, kNotApplicable };

std::string_view ToString(Family family);
std::string_view ToString(Severity severity);
std::string_view ToString(Verdict verdict);
// For test failure messages: "fail", not a byte dump.
std::ostream& operator<<(std::ostream& out, Verdict verdict);
std::optional<Family> ParseFamily(std::string_view text);
std::optional<Verdict> ParseVerdict(std::string_view text);
const std::vector<Family>& AllFamilies();

struct CheckResult {
  std::string id;
  // Default error: a result nobody filled in is never mistaken for a pass.
  Verdict verdict = Verdict::kError;
  std::string summary = "the check produced no verdict";
  nlohmann::json evidence = nlohmann::json::object();
  std::vector<std::filesystem::path> artifacts;
  std::chrono::milliseconds elapsed{0};
};

nlohmann::json ToJson(const CheckResult& result);
Result<CheckResult> CheckResultFromJson(const nlohmann::json& json);

// A plain function pointer on purpose: checks are free functions, not stateful objects.
using CheckFn = CheckResult (*)(CheckContext&);

struct CheckInfo {
  std::string id;    // ^[A-Z]{3,5}-\d{3}$, never reused
  std::string must;  // one line: "Managed settings MUST ..."
  Family family = Family::kIsolation;
  Phase phase = Phase::kIsolation;
  Severity severity = Severity::kHigh;
  std::string rationale;
  std::string remediation;
  std::vector<CapabilityKind> required_capabilities;  // each checked with RuntimeCapabilities::Has
  std::vector<std::string> negative_controls;         // files in fixtures/deployments/negative/
  CheckFn fn = nullptr;
  // Whether the check will start a sandbox of its own (AcquireFresh) for `deployment`: the
  // runner then starts the first one ahead, while the family's earlier checks run.
  bool (*prefetch_fresh)(const Deployment& deployment) = nullptr;
};

bool IsValidCheckId(std::string_view id);

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
