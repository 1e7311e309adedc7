// Sockets inside a network namespace the harness made. A socket belongs to the namespace it
// was created in, so a short-lived thread enters the namespace, creates it, and ends: no
// thread of the harness ever runs in a world namespace afterwards.
#pragma once

#include <cstdint>
#include <filesystem>

#include "core/result.h"

namespace sandcheck {

// A TCP socket listening on 0.0.0.0:`port` (0: any free port) inside `netns` (a path such as
// /run/netns/sc-...). The caller owns the descriptor.
Result<int> ListenInNamespace(const std::filesystem::path& netns, uint16_t port);

// The port a bound socket listens on.
Result<uint16_t> LocalPort(int fd);

}  // namespace sandcheck
