#include "clusters/docker/exec_stream.h"

#include <cstdint>

namespace sandcheck {

Result<DemuxedOutput> DemuxExecStream(std::string_view stream) {
  constexpr size_t kHeader = 8;
  DemuxedOutput output;
  size_t at = 0;
  while (at < stream.size()) {
    if (stream.size() - at < kHeader) {
      output.truncated = true;
      break;
    }
    auto byte = [&](size_t i) { return static_cast<uint8_t>(stream[at + i]); };
    uint8_t kind = byte(0);
    if (kind > 2 || byte(1) != 0 || byte(2) != 0 || byte(3) != 0) {
      return Fail("attach stream: bad frame header at byte {} (stream {})", at, kind);
    }
    size_t size = (size_t{byte(4)} << 24) | (size_t{byte(5)} << 16) | (size_t{byte(6)} << 8) |
                  size_t{byte(7)};
    at += kHeader;
    size_t available = std::min(size, stream.size() - at);
    (kind == 2 ? output.err : output.out).append(stream.substr(at, available));
    at += available;
    if (available < size) output.truncated = true;
  }
  return output;
}

}  // namespace sandcheck
