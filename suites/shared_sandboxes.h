// The sandboxes that read-only checks of one deployment share: one per family, acquired
// on first use, each with its probe documents cached by option list; and the fresh sandboxes
// started ahead for checks of a family (FreshSandboxQueue). Safe to use from one thread per
// family. A failed acquire or probe is remembered too, so a broken substrate costs one attempt,
// not one per check.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "clusters/substrate.h"
#include "core/result.h"
#include "suites/check.h"
#include "suites/deferred_teardown.h"
#include "suites/fresh_sandboxes.h"

namespace sandcheck {

class SharedSandboxes {
 public:
  SharedSandboxes(const Deployment& deployment, Substrate& substrate)
      : deployment_(deployment), substrate_(substrate) {}

  Result<Sandbox*> For(Family family);
  Result<const nlohmann::json*> Probe(Family family, const std::vector<std::string>& options,
                                      Duration timeout);
  // What several checks of a family would otherwise each compute (a persistence trial and the
  // sandboxes it holds): made by `make` on first use under `key`, kept until the family is
  // released. A key belongs to one family, whose checks run one after another, so `make` runs
  // unlocked.
  template <typename T, typename Make>
  T& Memo(Family family, const std::string& key, Make make) {
    {
      std::lock_guard lock(mutex_);
      if (auto found = memos_.find(key); found != memos_.end()) {
        return *std::static_pointer_cast<T>(found->second.second);
      }
    }
    auto made = std::make_shared<T>(make());
    std::lock_guard lock(mutex_);
    memos_[key] = {family, made};
    return *made;
  }
  // Starts a fresh sandbox for each of `check_ids` (checks of `family`, in the order they run)
  // ahead of them, once the family's shared sandbox is up or the first of them asks.
  void PlanFresh(Family family, std::vector<std::string> check_ids);
  // The sandbox started ahead for `check_id`; nullopt when none was.
  std::optional<Result<SandboxLease>> TakeFresh(Family family, const std::string& check_id);
  // `check_id` has finished: drops the sandbox started for it if it did not take it.
  void FreshDone(Family family, const std::string& check_id);
  // `lease` behind one whose destruction tears it down in the background.
  SandboxLease DeferTeardown(Family family, SandboxLease lease);
  // Destroys the family's memos, fresh sandboxes and shared sandbox now, and waits for the
  // teardowns it deferred, once its last check has run, while other families go on.
  void ReleaseFamily(Family family);
  // Destroys every memo and lease now, memos and newest leases first.
  void ReleaseAll();

 private:
  struct Slot {
    SandboxLease lease;
    std::string acquire_error;  // set when acquiring failed
    std::map<std::vector<std::string>, Result<nlohmann::json>> probes;
  };
  Slot& SlotFor(Family family);
  FreshSandboxQueue* FreshFor(Family family);

  const Deployment& deployment_;
  Substrate& substrate_;
  // Families run on threads of their own (DeploymentRun::Start): the containers are shared,
  // each slot and memo is used by its family's checks only, one after another.
  std::mutex mutex_;
  std::vector<std::pair<Family, std::unique_ptr<Slot>>> slots_;  // in acquisition order
  std::map<std::string, std::pair<Family, std::shared_ptr<void>>> memos_;
  std::map<Family, std::unique_ptr<FreshSandboxQueue>> fresh_;
  std::map<Family, std::unique_ptr<DeferredTeardown>> teardowns_;
};

}  // namespace sandcheck
