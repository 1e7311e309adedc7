// Sockets inside a network namespace the harness made. A socket belongs to the namespace it
// was created in, so a short-lived thread enters the namespace, creates it, and ends: no
// thread of the harness ever runs in a world namespace afterwards.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "core/result.h"
#include "core/timeouts.h"

namespace sandcheck {

// A TCP socket listening on 0.0.0.0:`port` (0: any free port) inside `netns` (a path such as
// /run/netns/sc-...), or on [::]:`port` for IPv4 and IPv6 alike when `dual_stack`. The caller
// owns the descriptor.
Result<int> ListenInNamespace(const std::filesystem::path& netns, uint16_t port,
                              bool dual_stack = false);

// A UDP socket bound to 0.0.0.0:`port` inside `netns`. The caller owns the descriptor.
Result<int> BindUdpInNamespace(const std::filesystem::path& netns, uint16_t port);

// Whether a TCP connect from inside `netns` to `address`:`port` succeeds within `timeout`
// (readiness of a server started there). The connection is closed at once.
bool TcpAcceptsInNamespace(const std::filesystem::path& netns, const std::string& address,
                           uint16_t port, Duration timeout);

// A TCP connection made from inside `netns` to `address`:`port` within `timeout`, as a blocking
// socket the caller owns (it stays in that namespace, whichever thread uses it).
Result<int> ConnectTcpInNamespace(const std::filesystem::path& netns, const std::string& address,
                                  uint16_t port, Duration timeout);

// Writes `value` to the sysctl file `path` (/proc/sys/net/...) of `netns`: the kernel picks a
// network sysctl's namespace from the thread that opens it, so no process is started.
Status WriteNetSysctlInNamespace(const std::filesystem::path& netns,
                                 const std::filesystem::path& path, const std::string& value);

// The port a bound socket listens on.
Result<uint16_t> LocalPort(int fd);

}  // namespace sandcheck
