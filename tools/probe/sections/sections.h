// Every section of the probe's document: one function each, grouped by theme in this folder.
// A section returns a JSON object; it may throw, and Observe turns that into {"error": ...}.
#pragma once

#include <span>

#include "tools/probe/options.h"
#include "tools/probe/proc_parsers.h"

namespace sandcheck::probe {

// /proc/self/mountinfo parsed; throws when unreadable (mounts.cc, shared with tmp.cc).
MountTable ReadOwnMountTable();

// All sections in document order (registry.cc).
std::span<const SectionInfo> SectionRegistry();

Json IdentitySection(const ObserveOptions& options);      // identity.cc
Json CapabilitiesSection(const ObserveOptions& options);  // status.cc
Json SecuritySection(const ObserveOptions& options);      // status.cc
Json KernelSection(const ObserveOptions& options);        // kernel.cc
Json HostnameSection(const ObserveOptions& options);      // kernel.cc
Json MountsSection(const ObserveOptions& options);        // mounts.cc
Json WritableSection(const ObserveOptions& options);      // writable.cc
Json TmpSection(const ObserveOptions& options);           // tmp.cc
Json ProcessesSection(const ObserveOptions& options);     // processes.cc
Json DevicesSection(const ObserveOptions& options);       // devices.cc
Json SyscallsSection(const ObserveOptions& options);      // syscalls.cc
Json SudoSection(const ObserveOptions& options);          // sudo.cc
Json EnvSection(const ObserveOptions& options);           // env.cc
Json LimitsSection(const ObserveOptions& options);        // limits.cc
Json ConnectSection(const ObserveOptions& options);       // connect.cc
Json FilesSection(const ObserveOptions& options);         // files.cc
Json EgressSection(const ObserveOptions& options);        // egress.cc
bool EgressRequested(const ObserveOptions& options);      // egress.cc
Json ScanSection(const ObserveOptions& options);          // scan.cc
Json ForkBombSection(const ObserveOptions& options);      // stress.cc
Json AllocationSection(const ObserveOptions& options);    // stress.cc

}  // namespace sandcheck::probe
