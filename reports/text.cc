#include "reports/text.h"

#include <cstdint>
#include <optional>

namespace sandcheck::reports {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

struct CodePoint {
  uint32_t value;
  size_t length;  // bytes
};

// Decodes one code point at the start of `text`; nullopt for an invalid sequence
// (overlong forms, surrogates and values past U+10FFFF included).
std::optional<CodePoint> DecodeOne(std::string_view text) {
  auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  uint8_t lead = byte(0);
  if (lead < 0x80) return CodePoint{lead, 1};
  size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (length == 0 || lead > 0xF4 || text.size() < length) return std::nullopt;
  uint32_t value = lead & (0x7F >> length);
  for (size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return std::nullopt;
    value = (value << 6) | (byte(i) & 0x3F);
  }
  static constexpr uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (value < kMinimum[length] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    return std::nullopt;
  }
  return CodePoint{value, length};
}

bool AllowedInXml(uint32_t value) {
  if (value < 0x20) return value == '\t' || value == '\n' || value == '\r';
  return value != 0xFFFE && value != 0xFFFF;
}

}  // namespace

std::string MarkupSafe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    auto point = DecodeOne(text);
    if (!point) {
      out.append(kReplacement);
      text.remove_prefix(1);
      continue;
    }
    if (!AllowedInXml(point->value)) {
      out.append(kReplacement);
    } else {
      out.append(text.substr(0, point->length));
    }
    text.remove_prefix(point->length);
  }
  return out;
}

std::string Truncate(std::string_view text, size_t max_chars) {
  size_t offset = 0;
  for (size_t chars = 0; offset < text.size(); ++chars) {
    if (chars == max_chars) return std::string(text.substr(0, offset)) + "…";
    auto point = DecodeOne(text.substr(offset));
    offset += point ? point->length : 1;
  }
  return std::string(text);
}

}  // namespace sandcheck::reports
