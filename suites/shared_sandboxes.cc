#include "suites/shared_sandboxes.h"

#include <algorithm>

#include "suites/probe.h"

namespace sandcheck {

SharedSandboxes::Slot& SharedSandboxes::SlotFor(Family family) {
  Slot* slot = nullptr;
  {
    std::lock_guard lock(mutex_);
    for (auto& [slot_family, existing] : slots_) {
      if (slot_family == family) return *existing;
    }
    slot = slots_.emplace_back(family, std::make_unique<Slot>()).second.get();
  }
  // Acquired unlocked, so families start their sandboxes at the same time.
  AcquireOptions options;
  options.purpose = std::string(ToString(family));
  auto lease = substrate_.Acquire(deployment_, options);
  if (lease.ok()) {
    slot->lease = std::move(lease).value();
  } else {
    slot->acquire_error = lease.message();
  }
  if (FreshSandboxQueue* fresh = FreshFor(family)) fresh->Open();  // no longer competes with it
  return *slot;
}

FreshSandboxQueue* SharedSandboxes::FreshFor(Family family) {
  std::lock_guard lock(mutex_);
  auto it = fresh_.find(family);
  return it == fresh_.end() ? nullptr : it->second.get();
}

void SharedSandboxes::PlanFresh(Family family, std::vector<std::string> check_ids) {
  auto queue = std::make_unique<FreshSandboxQueue>(deployment_, substrate_, std::move(check_ids));
  std::lock_guard lock(mutex_);
  fresh_[family] = std::move(queue);
}

std::optional<Result<SandboxLease>> SharedSandboxes::TakeFresh(Family family,
                                                               const std::string& check_id) {
  FreshSandboxQueue* fresh = FreshFor(family);
  if (fresh == nullptr) return std::nullopt;
  return fresh->Take(check_id);
}

void SharedSandboxes::FreshDone(Family family, const std::string& check_id) {
  if (FreshSandboxQueue* fresh = FreshFor(family)) fresh->Done(check_id);
}

Result<Sandbox*> SharedSandboxes::For(Family family) {
  Slot& slot = SlotFor(family);
  if (!slot.lease) {
    return Fail("shared {} sandbox for deployment {}: {}", ToString(family), deployment_.name,
                slot.acquire_error);
  }
  return slot.lease.get();
}

Result<const nlohmann::json*> SharedSandboxes::Probe(Family family,
                                                     const std::vector<std::string>& options,
                                                     Duration timeout) {
  ASSIGN_OR_RETURN(Sandbox * sandbox, For(family));
  Slot& slot = SlotFor(family);
  auto cached = slot.probes.find(options);
  if (cached == slot.probes.end()) {
    cached = slot.probes.emplace(options, RunProbe(*sandbox, options, timeout)).first;
  }
  if (!cached->second.ok()) return cached->second.error();
  return &cached->second.value();
}

SandboxLease SharedSandboxes::DeferTeardown(Family family, SandboxLease lease) {
  std::lock_guard lock(mutex_);
  auto& teardown = teardowns_[family];
  if (!teardown) teardown = std::make_unique<DeferredTeardown>();
  return teardown->Wrap(std::move(lease));
}

void SharedSandboxes::ReleaseFamily(Family family) {
  std::vector<std::shared_ptr<void>> memos;
  std::unique_ptr<FreshSandboxQueue> fresh;
  std::unique_ptr<Slot> slot;
  std::unique_ptr<DeferredTeardown> teardown;
  {
    std::lock_guard lock(mutex_);
    for (auto it = memos_.begin(); it != memos_.end();) {
      if (it->second.first != family) {
        ++it;
        continue;
      }
      memos.push_back(std::move(it->second.second));
      it = memos_.erase(it);
    }
    if (auto it = fresh_.find(family); it != fresh_.end()) {
      fresh = std::move(it->second);
      fresh_.erase(it);
    }
    auto it = std::find_if(slots_.begin(), slots_.end(),
                           [family](const auto& entry) { return entry.first == family; });
    if (it != slots_.end()) {
      slot = std::move(it->second);
      slots_.erase(it);
    }
    if (auto found = teardowns_.find(family); found != teardowns_.end()) {
      teardown = std::move(found->second);
      teardowns_.erase(found);
    }
  }
  // Unlocked, so other families go on; memos first, as they may hold leases, and the deferred
  // teardowns last, as those leases join them.
  memos.clear();
  fresh.reset();
  slot.reset();
  teardown.reset();
}

void SharedSandboxes::ReleaseAll() {
  std::lock_guard lock(mutex_);
  memos_.clear();
  fresh_.clear();
  while (!slots_.empty()) slots_.pop_back();
  teardowns_.clear();
}

}  // namespace sandcheck
