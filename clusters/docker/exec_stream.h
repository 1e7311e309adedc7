// The engine's multiplexed attach stream (Tty false): frames of an 8-byte header
// [stream, 0, 0, 0, size as big-endian uint32] and `size` bytes; stream 1 is stdout, 2 stderr.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace sandcheck {

struct DemuxedOutput {
  std::string out;
  std::string err;
  bool truncated = false;  // the stream ended inside a frame (a deadline cut it)
};

// Splits `stream` into stdout and stderr. Fails on a header no engine writes.
Result<DemuxedOutput> DemuxExecStream(std::string_view stream);

}  // namespace sandcheck
