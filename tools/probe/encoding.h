// Encodings that turn raw bytes and errno values into JSON-safe text.
#pragma once

#include <string>
#include <string_view>

namespace sandcheck::probe {

// "EROFS" for EROFS; "errno_N" for numbers libc has no name for. Empty for 0.
std::string ErrnoName(int error_number);

// Standard base64 with padding (RFC 4648), for file content that is not UTF-8.
std::string Base64(std::string_view bytes);

// True when `bytes` is well-formed UTF-8 (no overlongs, surrogates or code points > U+10FFFF),
// i.e. it can go into a JSON string as is.
bool IsValidUtf8(std::string_view bytes);

}  // namespace sandcheck::probe
