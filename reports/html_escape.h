// The one way text enters report.html: every string from a run (names, summaries,
// evidence, MUST statements) is escaped here, including inside attributes.
#pragma once

#include <string>
#include <string_view>

namespace sandcheck::reports {

// Valid UTF-8 without control characters (see MarkupSafe), with & < > " ' replaced by
// character references: safe in element content and in quoted attribute values alike.
std::string HtmlEscape(std::string_view text);

// A fragment identifier for `text`: [A-Za-z0-9_-] kept, everything else '-'. Distinct inputs
// may collide; callers that need uniqueness add a prefix of their own.
std::string HtmlId(std::string_view text);

}  // namespace sandcheck::reports
