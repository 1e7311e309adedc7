// Waiting for the sandbox's init to finish seed 003's entrypoint work. `start` returns while
// the entrypoint may still hold the handed-over credential in its environment; an exec in
// that window would see it in /proc/1/environ. The probe's init says it is ready on its
// stderr only after the re-exec that dropped the variables.
#pragma once

#include <filesystem>
#include <string_view>

#include "core/result.h"
#include "core/timeouts.h"

namespace sandcheck {

// What the probe's init writes (tools/probe/init_mode.h, AnnounceReady).
inline constexpr std::string_view kInitReadyLine = "sandcheck-probe init: ready\n";

// Waits (inotify, no sleeping) until `init_stderr` holds kInitReadyLine. Fails after
// `timeout` with the file's tail, which says why the init did not get there.
Status WaitForInitReady(const std::filesystem::path& init_stderr, Duration timeout);

}  // namespace sandcheck
