#include "reports/redactor.h"

#include <algorithm>
#include <regex>

namespace sandcheck::reports {
namespace {

// Credentials with a recognisable shape, caught even when nobody listed them as secrets.
const std::regex& CredentialPattern() {
  static const std::regex pattern("sk-ant-[A-Za-z0-9_-]+|gh[pousr]_[A-Za-z0-9]{20,}");
  return pattern;
}

}  // namespace

Redactor::Redactor(std::vector<std::string> secrets) : secrets_(std::move(secrets)) {
  std::erase_if(secrets_, [](const std::string& secret) { return secret.empty(); });
  std::sort(secrets_.begin(), secrets_.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

// One left-to-right pass over the original text, so a replacement is never matched again
// (a secret like "ACT" must not eat into an earlier "[REDACTED]").
std::string Redactor::RedactLiterals(std::string_view text) const {
  std::string out;
  out.reserve(text.size());
  size_t position = 0;
  while (position < text.size()) {
    auto match = std::find_if(secrets_.begin(), secrets_.end(), [&](const std::string& secret) {
      return text.substr(position).starts_with(secret);
    });
    if (match == secrets_.end()) {
      out.push_back(text[position++]);
    } else {
      out.append(kRedacted);
      position += match->size();
    }
  }
  return out;
}

std::string Redactor::Redact(std::string_view text) const {
  return std::regex_replace(RedactLiterals(text), CredentialPattern(), std::string(kRedacted));
}

nlohmann::json Redactor::RedactJson(const nlohmann::json& value) const {
  if (value.is_string()) return Redact(value.get_ref<const std::string&>());
  if (value.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : value) out.push_back(RedactJson(item));
    return out;
  }
  if (value.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, item] : value.items()) {
      // Two keys redacted to the same text must not overwrite each other's evidence.
      std::string redacted_key = Redact(key);
      std::string unique_key = redacted_key;
      for (int copy = 2; out.contains(unique_key); ++copy) {
        unique_key = redacted_key + " #" + std::to_string(copy);
      }
      out[unique_key] = RedactJson(item);
    }
    return out;
  }
  return value;
}

}  // namespace sandcheck::reports
