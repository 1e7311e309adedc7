// Judges of who the agent is and what the kernel lets it do: user and groups, capabilities,
// NoNewPrivs, the syscall filter, privileged syscalls tried for real, and sudo/su.
#pragma once

#include <string>
#include <vector>

#include "suites/isolation/observation.h"

namespace sandcheck::isolation {

// Capabilities no agent sandbox may hold in any set, declared or not: each one is a known
// route out of a container or into the host kernel.
const std::vector<std::string>& EscapeGradeCapabilities();

// The privileged operations ISO-005 requires to be denied (keys of the probe's "syscalls").
const std::vector<std::string>& DeniedSyscallAttempts();

Result<Judgement> JudgeNonRootIdentity(const Observation& observation);
Result<Judgement> JudgeCapabilities(const Observation& observation);
Result<Judgement> JudgeNoNewPrivileges(const Observation& observation);
Result<Judgement> JudgeSyscallFilter(const Observation& observation);
Result<Judgement> JudgeDangerousSyscalls(const Observation& observation);
Result<Judgement> JudgeNoEscalation(const Observation& observation);

}  // namespace sandcheck::isolation
