// Every deadline sandcheck uses, in one place. Slow substrates (gVisor under ptrace, a
// loaded CI machine) scale them all with one factor instead of editing call sites.
#pragma once

#include <chrono>

namespace sandcheck {

using Duration = std::chrono::milliseconds;

struct Timeouts {
  Duration runtime_command{std::chrono::seconds(30)};  // create/start/kill/delete/state
  Duration exec{std::chrono::seconds(60)};             // one exec into a running sandbox
  Duration rootfs_build{std::chrono::seconds(120)};    // building a cached rootfs
  Duration stop_grace{std::chrono::seconds(5)};        // SIGTERM before SIGKILL
  Duration cleanup_step{std::chrono::seconds(20)};     // each step of a lease's cleanup

  // Multiplies every deadline, e.g. 3.0 for runsc's ptrace platform or a loaded machine.
  Timeouts Scaled(double factor) const {
    auto scale = [factor](Duration d) { return Duration(static_cast<long>(d.count() * factor)); };
    return Timeouts{scale(runtime_command), scale(exec), scale(rootfs_build), scale(stop_grace),
                    scale(cleanup_step)};
  }
};

}  // namespace sandcheck
