// Hard caps that keep the probe's stress modes bounded even when run as root outside a sandbox.
// Header-only: the probe (which links no sandcheck library) enforces them on its command line,
// and the checks that judge its stress runs read them.
#pragma once

namespace sandcheck::probe {

inline constexpr int kMaxForkBomb = 8192;
inline constexpr int kMaxAllocateMb = 16384;

}  // namespace sandcheck::probe
