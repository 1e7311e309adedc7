// What a substrate can express, as data. Each substrate states its traits once, in its own
// folder (clusters/<substrate>/), and the registry lists them; the deployment parser's substrate
// rules read the traits they are given, so core names no substrate's abilities itself.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/deployment.h"

namespace sandcheck {

struct SubstrateTraits {
  SubstrateKind kind = SubstrateKind::kOci;
  // The runtimes it can run; a deployment naming another is refused with why and how to fix it.
  std::vector<RuntimeKind> runtimes;
  std::string other_runtimes_why;
  std::string other_runtimes_fix;
  // Whether it can express `privileged: true` (elsewhere the promise would silently not hold).
  bool privileged = false;
  // The runtimes on which `pid_mode: host` holds (a sandbox kernel keeps its own process table).
  std::vector<RuntimeKind> host_pid_runtimes;
};

// Why a substrate of this build cannot run kata, and what to use instead: every one so far runs
// containers on this machine's kernel or gVisor, with no VM runtime.
inline constexpr std::string_view kNoVmRuntimeWhy =
    "kata needs /dev/kvm and a VM runtime, which this substrate cannot express";
inline constexpr std::string_view kNoVmRuntimeFix =
    "use substrate kind or kina for kata, or runtime runsc for a sandbox kernel";

// The traits of every substrate a build has, in the registry's order.
using SubstrateCatalog = std::span<const SubstrateTraits>;

// The traits of `kind`, or nullptr when the catalog has no such substrate.
const SubstrateTraits* FindTraits(SubstrateCatalog catalog, SubstrateKind kind);

}  // namespace sandcheck
