// What the claude-code image (docs/agent.md) holds where, for whoever builds it and for the
// checks that run the agent in it.
#pragma once

#include <string_view>

namespace sandcheck {

// Where the claude binary and the image's manifest live inside the image.
inline constexpr std::string_view kClaudeBinaryInImage = "/usr/local/bin/claude";
inline constexpr std::string_view kImageManifestInImage = "/etc/sandcheck-image.json";

}  // namespace sandcheck
