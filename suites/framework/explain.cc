#include "suites/framework/explain.h"

#include <fmt/format.h>

namespace sandcheck {
namespace {

std::string Bullets(const std::vector<std::string>& items, std::string_view none) {
  if (items.empty()) return fmt::format("  {}\n", none);
  std::string text;
  for (const auto& item : items) text += fmt::format("  - {}\n", item);
  return text;
}

}  // namespace

std::string FormatCheckList(const std::vector<const CheckInfo*>& checks) {
  std::string text;
  for (const CheckInfo* check : checks) {
    text += fmt::format("{:<9} {:<13} {:<13} {:<8}  {}\n", check->id, ToString(check->family),
                        ToString(check->phase), ToString(check->severity), check->must);
  }
  return text;
}

std::string ExplainCheck(const CheckInfo& check) {
  return fmt::format(
      "{} ({} family, {} phase, severity {})\n\n"
      "MUST: {}\n\n"
      "Why:\n  {}\n\n"
      "Remediation:\n  {}\n\n"
      "Negative controls (fixtures/deployments/negative/), each must make it fail:\n{}\n"
      "Required capabilities (a missing one skips the check):\n{}",
      check.id, ToString(check.family), ToString(check.phase), ToString(check.severity), check.must,
      check.rationale, check.remediation, Bullets(check.negative_controls, "none"),
      Bullets(CapabilityKindNames(check.required_capabilities), "none"));
}

nlohmann::json CheckInfoJson(const CheckInfo& check) {
  return {{"id", check.id},
          {"must", check.must},
          {"family", ToString(check.family)},
          {"phase", ToString(check.phase)},
          {"severity", ToString(check.severity)},
          {"rationale", check.rationale},
          {"remediation", check.remediation},
          {"required_capabilities", CapabilityKindNames(check.required_capabilities)},
          {"negative_controls", check.negative_controls}};
}

}  // namespace sandcheck
