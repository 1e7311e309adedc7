#include "core/check_model.h"

#include <regex>

namespace sandcheck {

std::string_view ToString(Severity severity) {
  switch (severity) {
    case Severity::kCritical:
      return "critical";
    case Severity::kHigh:
      return "high";
    case Severity::kMedium:
      return "medium";
    case Severity::kLow:
      return "low";
  }
  return "?";
}

std::string_view ToString(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kFail:
      return "fail";
    case Verdict::kError:
      return "error";
    case Verdict::kSkip:
      return "skip";
    case Verdict::kNotApplicable:
      return "not-applicable";
  }
  return "?";
}

std::ostream& operator<<(std::ostream& out, Verdict verdict) { return out << ToString(verdict); }

std::optional<Verdict> ParseVerdict(std::string_view text) {
  for (Verdict verdict :
       {Verdict::kPass, Verdict::kFail, Verdict::kError, Verdict::kSkip, Verdict::kNotApplicable}) {
    if (ToString(verdict) == text) return verdict;
  }
  return std::nullopt;
}

bool IsValidCheckId(std::string_view id) {
  static const std::regex pattern("^[A-Z]{3,5}-[0-9]{3}$");
  return std::regex_match(id.begin(), id.end(), pattern);
}

nlohmann::json ToJson(const CheckResult& result) {
  nlohmann::json artifacts = nlohmann::json::array();
  for (const auto& path : result.artifacts) artifacts.push_back(path.string());
  return {{"id", result.id},           {"verdict", ToString(result.verdict)},
          {"summary", result.summary}, {"evidence", result.evidence},
          {"artifacts", artifacts},    {"elapsed_ms", result.elapsed.count()}};
}

Result<CheckResult> CheckResultFromJson(const nlohmann::json& json) {
  if (!json.is_object()) return Fail("check result: expected a JSON object, got {}", json.dump());
  auto verdict = ParseVerdict(json.value("verdict", ""));
  if (!verdict) return Fail("check result: unknown verdict in {}", json.dump());
  CheckResult result;
  result.id = json.value("id", "");
  result.verdict = *verdict;
  result.summary = json.value("summary", "");
  result.evidence = json.value("evidence", nlohmann::json::object());
  for (const auto& path : json.value("artifacts", nlohmann::json::array())) {
    if (!path.is_string()) return Fail("check result: artifact is not a path: {}", path.dump());
    result.artifacts.emplace_back(path.get<std::string>());
  }
  result.elapsed = std::chrono::milliseconds(json.value("elapsed_ms", 0));
  return result;
}

}  // namespace sandcheck
