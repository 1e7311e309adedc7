#include "reports/html_escape.h"

#include <cctype>

#include "reports/text.h"

namespace sandcheck::reports {

std::string HtmlEscape(std::string_view text) {
  // HTML, like XML, forbids C0 control characters other than whitespace.
  std::string valid = MarkupSafe(text);
  std::string out;
  out.reserve(valid.size());
  for (char c : valid) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string HtmlId(std::string_view text) {
  std::string out;
  for (char c : text) {
    bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
    out.push_back(keep ? c : '-');
  }
  return out;
}

}  // namespace sandcheck::reports
