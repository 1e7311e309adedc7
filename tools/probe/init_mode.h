// Init mode: a minimal PID 1 that keeps an idle sandbox alive.
#pragma once

namespace sandcheck::probe {

// Reaps every child that exits (as PID 1, or as a subreaper elsewhere) and returns 0 on
// SIGTERM or SIGINT. Sleeps in sigwaitinfo between signals: no CPU while idle.
int RunInit();

}  // namespace sandcheck::probe
