// The isolation family: what the sandbox keeps from the agent -- privileges, the host's
// filesystem, processes, kernel interfaces and resources -- each promise probed from inside by
// doing (docs/checks-isolation.md).
#pragma once

#include <vector>

#include "suites/framework/check.h"

namespace sandcheck {

std::vector<CheckInfo> IsolationChecks();

namespace isolation {

// The family's checks by theme (privilege_checks.cc, filesystem_checks.cc, ...).
std::vector<CheckInfo> PrivilegeChecks();
std::vector<CheckInfo> FilesystemChecks();
std::vector<CheckInfo> NamespaceChecks();
std::vector<CheckInfo> LimitChecks();
std::vector<CheckInfo> HostNetworkChecks();    // ISO-020
std::vector<CheckInfo> SandboxKernelChecks();  // ISO-021

}  // namespace isolation
}  // namespace sandcheck
