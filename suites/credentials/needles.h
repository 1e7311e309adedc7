// What the credentials family searches the sandbox for, and why each value must not be found
// there: every host canary, and every credential the deployment hands to the sandbox's
// entrypoint by environment.
#pragma once

#include <string>
#include <vector>

#include "core/deployment.h"
#include "suites/credentials/canaries.h"

namespace sandcheck {

// Values shorter than this would match by chance, so they are reported, not searched for.
inline constexpr size_t kMinNeedleLength = 8;

struct Needle {
  std::string value;
  std::string origin;        // Describe(canary), or "deployment env NAME"
  bool host_canary = false;  // planted on the fake host: it must never be found inside
  // Deployment env variables whose value holds it: credentials handed to the entrypoint.
  std::vector<std::string> handed_over_by;
  bool unset_before_exec = false;  // one of handed_over_by is in env_unset_before_exec
};

struct NeedleCatalog {
  std::vector<Needle> needles;         // in probe --scan-for order
  std::vector<std::string> too_short;  // env_unset_before_exec variables not searchable
};

// One needle per canary, plus the literal value of each variable the deployment unsets before
// exec whose value holds no canary (a credential written into the deployment file itself).
NeedleCatalog BuildNeedles(const std::vector<Canary>& canaries, const Deployment& deployment);

// Every variable that hands a credential to the entrypoint, sorted.
std::vector<std::string> HandedOverVariables(const NeedleCatalog& catalog);

}  // namespace sandcheck
