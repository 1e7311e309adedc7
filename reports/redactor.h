// Keeps secrets out of reports. Every string a report writes passes through one Redactor
// (see report_redaction.h), built from the run's secret list plus patterns for credentials
// that look alike everywhere.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace sandcheck::reports {

inline constexpr std::string_view kRedacted = "[REDACTED]";

class Redactor {
 public:
  // Empty secrets are ignored: they would match everywhere.
  explicit Redactor(std::vector<std::string> secrets);

  // Replaces every occurrence of a secret, then every Anthropic API key (sk-ant-...) and
  // GitHub token (ghp_, gho_, ghu_, ghs_, ghr_), with kRedacted.
  std::string Redact(std::string_view text) const;
  // Redacts every string in `value`, object keys included, at any depth.
  nlohmann::json RedactJson(const nlohmann::json& value) const;

 private:
  std::string RedactLiterals(std::string_view text) const;
  std::vector<std::string> secrets_;  // longest first, so a secret's prefix never wins
};

}  // namespace sandcheck::reports
