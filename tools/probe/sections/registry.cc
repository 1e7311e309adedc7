#include "tools/probe/sections/sections.h"

namespace sandcheck::probe {
namespace {

bool ScanRequested(const ObserveOptions& options) { return !options.scan_needles.empty(); }
bool ForkBombRequested(const ObserveOptions& options) { return options.fork_bomb.has_value(); }
bool AllocationRequested(const ObserveOptions& options) { return options.allocate_mb.has_value(); }

// Document order. The stress sections come last so an exhausted pid or memory limit cannot
// disturb the sections that fork.
constexpr SectionInfo kSections[] = {
    {"identity", IdentitySection},
    {"capabilities", CapabilitiesSection},
    {"security", SecuritySection},
    {"kernel", KernelSection},
    {"hostname", HostnameSection},
    {"mounts", MountsSection},
    {"writable", WritableSection},
    {"tmp", TmpSection},
    {"processes", ProcessesSection},
    {"devices", DevicesSection},
    {"syscalls", SyscallsSection},
    {"sudo", SudoSection},
    {"env", EnvSection},
    {"limits", LimitsSection},
    {"connect", ConnectSection},
    {"files", FilesSection},
    {"egress", EgressSection, EgressRequested},
    {"scan", ScanSection, ScanRequested},
    {"fork_bomb", ForkBombSection, ForkBombRequested},
    {"allocation", AllocationSection, AllocationRequested},
};

}  // namespace

std::span<const SectionInfo> SectionRegistry() { return kSections; }

}  // namespace sandcheck::probe
