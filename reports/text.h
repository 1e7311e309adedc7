// Text clean-up shared by the writers: evidence comes from inside sandboxes and may hold
// any bytes, but JSON and HTML need valid UTF-8 and XML forbids most control characters.
#pragma once

#include <string>
#include <string_view>

namespace sandcheck::reports {

// `text` as valid UTF-8 that XML 1.0 and HTML accept: every invalid UTF-8 sequence and every
// character they forbid (C0 controls other than tab, newline and carriage return; U+FFFE,
// U+FFFF) replaced by U+FFFD.
std::string MarkupSafe(std::string_view text);

// At most `max_chars` code points of valid UTF-8 `text`, ending in "…" when cut.
std::string Truncate(std::string_view text, size_t max_chars);

}  // namespace sandcheck::reports
