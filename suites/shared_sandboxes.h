// The sandboxes that read-only checks of one deployment share: one per family, acquired
// on first use, each with its probe documents cached by option list. A failed acquire or
// probe is remembered too, so a broken substrate costs one attempt, not one per check.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "clusters/substrate.h"
#include "core/result.h"
#include "suites/check.h"

namespace sandcheck {

class SharedSandboxes {
 public:
  SharedSandboxes(const Deployment& deployment, Substrate& substrate)
      : deployment_(deployment), substrate_(substrate) {}

  Result<Sandbox*> For(Family family);
  Result<const nlohmann::json*> Probe(Family family, const std::vector<std::string>& options,
                                      Duration timeout);
  // Destroys every lease now, newest first.
  void ReleaseAll();

 private:
  struct Slot {
    SandboxLease lease;
    std::string acquire_error;  // set when acquiring failed
    std::map<std::vector<std::string>, Result<nlohmann::json>> probes;
  };
  Slot& SlotFor(Family family);

  const Deployment& deployment_;
  Substrate& substrate_;
  std::vector<std::pair<Family, std::unique_ptr<Slot>>> slots_;  // in acquisition order
};

}  // namespace sandcheck
