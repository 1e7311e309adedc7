// Judges of what the agent can write, execute, open and connect to: the root filesystem,
// /tmp, the kernel's interfaces in /proc and /sys, raw devices and container-engine sockets.
#pragma once

#include <cstdint>
#include <vector>

#include "suites/isolation/observation.h"

namespace sandcheck::isolation {

// How far statfs(/tmp) may be from the declared tmpfs size: max(1 MiB, 2%), since tmpfs
// rounds the size to pages and kernels may count a block or two differently.
uint64_t TmpSizeTolerance(uint64_t declared_bytes);

// The tmpfs the deployment declares at /tmp, if any.
const TmpfsMount* DeclaredTmp(const Deployment& deployment);

Result<Judgement> JudgeReadOnlyRoot(const Observation& observation);
Result<Judgement> JudgeTmpBounded(const Observation& observation);
Result<Judgement> JudgeTmpNoexec(const Observation& observation);
Result<Judgement> JudgeKernelInterfacesReadOnly(const Observation& observation);
Result<Judgement> JudgeNoRawDevices(const Observation& observation);
Result<Judgement> JudgeNoEngineSocket(const Observation& observation);

}  // namespace sandcheck::isolation
