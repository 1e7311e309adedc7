// The result model: what a check promises (CheckDescription) and what running it showed
// (CheckResult), as plain values. The runner produces them and the report writers read them;
// neither side needs the other.
#pragma once

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/capability_kind.h"
#include "core/deployment.h"
#include "core/family.h"
#include "core/result.h"

namespace sandcheck {

enum class Severity { kCritical, kHigh, kMedium, kLow };
enum class Verdict { kPass, kFail, kError, kSkip, kNotApplicable };

std::string_view ToString(Severity severity);
std::string_view ToString(Verdict verdict);
// For test failure messages: "fail", not a byte dump.
std::ostream& operator<<(std::ostream& out, Verdict verdict);
std::optional<Verdict> ParseVerdict(std::string_view text);

// One promise with a stable id: everything about a check but the code that runs it.
struct CheckDescription {
  std::string id;    // ^[A-Z]{3,5}-\d{3}$, never reused
  std::string must;  // one line: "Managed settings MUST ..."
  Family family = Family::kIsolation;
  Phase phase = Phase::kIsolation;
  Severity severity = Severity::kHigh;
  std::string rationale;
  std::string remediation;
  std::vector<CapabilityKind> required_capabilities;  // each checked with RuntimeCapabilities::Has
  std::vector<std::string> negative_controls;      // files in fixtures/deployments/negative/
};

bool IsValidCheckId(std::string_view id);

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

// One check's result on one deployment of a run.
struct DeploymentCheckResult {
  std::string deployment;  // Deployment::name
  CheckResult result;
};

}  // namespace sandcheck
