// Init mode: a minimal PID 1 that keeps an idle sandbox alive.
#pragma once

namespace sandcheck::probe {

// The line `sandcheck-probe init: ready` on stderr. Printed by the image that PID 1 runs
// after the entrypoint's re-exec, so the substrate knows the environment is clean by then.
void AnnounceReady();

// Announces readiness once its handlers are in place, then reaps every child that exits (as PID 1,
// or as a subreaper elsewhere) and returns 0 on SIGTERM or SIGINT. Sleeps in sigwaitinfo between
// signals: no CPU while idle.
int RunInit();

}  // namespace sandcheck::probe
