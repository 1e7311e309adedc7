#include "suites/shared_sandboxes.h"

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
  return *slot;
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

void SharedSandboxes::ReleaseAll() {
  std::lock_guard lock(mutex_);
  memos_.clear();
  while (!slots_.empty()) slots_.pop_back();
}

}  // namespace sandcheck
