// What the checks of one deployment share, family by family: the family's shared sandbox for
// read-only checks (acquired on first use) with its probe documents cached by option list, the
// fresh sandboxes started ahead for its checks (FreshSandboxQueue), the teardowns it deferred,
// and what its checks hand one another (HandOff). Safe to use from one thread per family. A
// failed acquire or probe is remembered too, so a broken substrate costs one attempt, not one
// per check.
#pragma once

#include <fmt/format.h>

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <typeinfo>
#include <vector>

#include "clusters/substrate.h"
#include "core/result.h"
#include "suites/framework/check.h"
#include "suites/framework/deferred_teardown.h"
#include "suites/framework/fresh_sandboxes.h"

namespace sandcheck {

class SharedSandboxes {
 public:
  SharedSandboxes(const Deployment& deployment, Substrate& substrate)
      : deployment_(deployment), substrate_(substrate) {}

  Result<Sandbox*> For(Family family);
  Result<const nlohmann::json*> Probe(Family family, const std::vector<std::string>& options,
                                      Duration timeout);
  // What the family's checks hand one another (a persistence trial and the sandbox it leaves):
  // one T per family, made on first use and destroyed with the family, before its sandboxes, as
  // it may hold leases. A family's checks run one after another, so T needs no locking. Asking
  // for another type than the family's first is a programming error and throws.
  template <typename T>
  T& HandOff(Family family) {
    State& state = StateFor(family);
    if (!state.hand_off) {
      auto made = std::make_shared<T>();
      state.hand_off = made;
      state.hand_off_type = &typeid(T);
      return *made;
    }
    if (*state.hand_off_type != typeid(T)) {
      throw std::logic_error(
          fmt::format("the {} family hands off one type only", ToString(family)));
    }
    return *std::static_pointer_cast<T>(state.hand_off);
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
  // Destroys the family's hand-off, fresh sandboxes and shared sandbox now, and waits for the
  // teardowns it deferred, once its last check has run, while other families go on.
  void ReleaseFamily(Family family);
  // Releases every family, the newest first.
  void ReleaseAll();

 private:
  // One family's share. Its members are used by the family's thread only; mutex_ guards the
  // list of families. Declared in the reverse of the order release needs: the hand-off goes
  // first (it may hold leases), then the fresh sandboxes and the shared one, and the deferred
  // teardowns last, as those leases join them.
  struct State {
    DeferredTeardown teardown;
    bool acquire_tried = false;
    SandboxLease lease;
    std::string acquire_error;  // set when acquiring failed
    std::map<std::vector<std::string>, Result<nlohmann::json>> probes;
    std::unique_ptr<FreshSandboxQueue> fresh;
    std::shared_ptr<void> hand_off;
    const std::type_info* hand_off_type = nullptr;
  };
  State& StateFor(Family family);
  FreshSandboxQueue* FreshFor(Family family);

  const Deployment& deployment_;
  Substrate& substrate_;
  std::mutex mutex_;
  std::vector<std::pair<Family, std::unique_ptr<State>>> families_;  // in order of first use
};

}  // namespace sandcheck
