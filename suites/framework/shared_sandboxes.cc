#include "suites/framework/shared_sandboxes.h"

#include <algorithm>

#include "suites/framework/probe.h"

namespace sandcheck {

SharedSandboxes::State& SharedSandboxes::StateFor(Family family) {
  std::lock_guard lock(mutex_);
  for (auto& [known, state] : families_) {
    if (known == family) return *state;
  }
  return *families_.emplace_back(family, std::make_unique<State>()).second;
}

FreshSandboxQueue* SharedSandboxes::FreshFor(Family family) { return StateFor(family).fresh.get(); }

void SharedSandboxes::PlanFresh(Family family, std::vector<std::string> check_ids) {
  StateFor(family).fresh =
      std::make_unique<FreshSandboxQueue>(deployment_, substrate_, std::move(check_ids));
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
  State& state = StateFor(family);
  if (!state.acquire_tried) {
    state.acquire_tried = true;
    // Unlocked, so families start their sandboxes at the same time.
    AcquireOptions options;
    options.purpose = std::string(ToString(family));
    auto lease = substrate_.Acquire(deployment_, options);
    if (lease.ok()) {
      state.lease = std::move(lease).value();
    } else {
      state.acquire_error = lease.message();
    }
    if (state.fresh) state.fresh->Open();  // no longer competes with it
  }
  if (!state.lease) {
    return Fail("shared {} sandbox for deployment {}: {}", ToString(family), deployment_.name,
                state.acquire_error);
  }
  return state.lease.get();
}

Result<const nlohmann::json*> SharedSandboxes::Probe(Family family,
                                                     const std::vector<std::string>& options,
                                                     Duration timeout) {
  ASSIGN_OR_RETURN(Sandbox * sandbox, For(family));
  auto& probes = StateFor(family).probes;
  auto cached = probes.find(options);
  if (cached == probes.end()) {
    cached = probes.emplace(options, RunProbe(*sandbox, options, timeout)).first;
  }
  if (!cached->second.ok()) return cached->second.error();
  return &cached->second.value();
}

SandboxLease SharedSandboxes::DeferTeardown(Family family, SandboxLease lease) {
  return StateFor(family).teardown.Wrap(std::move(lease));
}

void SharedSandboxes::ReleaseFamily(Family family) {
  std::unique_ptr<State> state;
  {
    std::lock_guard lock(mutex_);
    auto it = std::find_if(families_.begin(), families_.end(),
                           [family](const auto& entry) { return entry.first == family; });
    if (it == families_.end()) return;
    state = std::move(it->second);
    families_.erase(it);
  }
  state.reset();  // unlocked, so other families go on
}

void SharedSandboxes::ReleaseAll() {
  std::lock_guard lock(mutex_);
  while (!families_.empty()) families_.pop_back();
}

}  // namespace sandcheck
