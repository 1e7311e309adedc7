// Judges of what the sandbox shares with the host: its process table, its hostname and its
// kernel.
#pragma once

#include <string>

#include "suites/isolation/observation.h"

namespace sandcheck::isolation {

// The name (comm, at most 15 bytes) PID 1 has in a sandbox of this deployment: the first word
// of its command, or the probe's idle init when it declares none.
std::string ExpectedInitName(const Deployment& deployment);

Result<Judgement> JudgeOwnPidNamespace(const Observation& observation);
Result<Judgement> JudgeOwnHostname(const Observation& observation);
Result<Judgement> JudgeDeclaredKernel(const Observation& observation);
// For kernel: sandbox: the kernel identity inside (uname, /proc/version, boot_id) differs from
// the unsandboxed reference the host view reads in the same run.
Result<Judgement> JudgeSandboxKernelDiffers(const Observation& observation);

}  // namespace sandcheck::isolation
