// The probe's TLS client (OpenSSL, linked statically): a handshake over a connected socket
// that verifies the server's certificate chain against a CA file and its name, as a real
// client trusting the system store does. Every wait is bounded by one deadline.
#pragma once

#include <string>

#include "tools/probe/sys.h"

namespace sandcheck::probe {

// Over `fd` (connected, non-blocking, still owned by the caller): TLS to `server_name` (SNI
// and the name verified), then `request` written and the response read raw until the peer
// closes, 4 KiB or the deadline. {"handshake": attempt, "verify": "ok" or OpenSSL's reason,
// "error": OpenSSL's error or null, "response": raw or null}.
Json TlsExchange(int fd, const std::string& server_name, const std::string& ca_file,
                 const std::string& request, Clock::time_point deadline);

}  // namespace sandcheck::probe
