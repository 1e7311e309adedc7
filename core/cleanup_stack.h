// Undo steps of a multi-step setup, run last-in-first-out. Every step runs even when an
// earlier one failed; failures are joined into one error. A stack that is destroyed with
// steps left runs them and logs what failed, so an early return cleans up by itself.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/log.h"
#include "core/result.h"

namespace sandcheck {

class CleanupStack {
 public:
  CleanupStack() = default;
  CleanupStack(CleanupStack&&) = default;
  CleanupStack& operator=(CleanupStack&&) = delete;
  CleanupStack(const CleanupStack&) = delete;
  ~CleanupStack() {
    Status status = RunAll();
    if (!status.ok()) SC_WARN("cleanup incomplete: {}", status.message());
  }

  // `what` names the step in errors: "unmount /x", "delete container sc-...".
  void Push(std::string what, std::function<Status()> step) {
    steps_.push_back({std::move(what), std::move(step)});
  }

  // Runs and forgets every step, newest first.
  Status RunAll() {
    std::string failures;
    while (!steps_.empty()) {
      Step step = std::move(steps_.back());
      steps_.pop_back();
      Status status = step.run();
      if (status.ok()) continue;
      if (!failures.empty()) failures += "; ";
      failures += step.what + ": " + status.message();
    }
    if (failures.empty()) return Status::Ok();
    return Error{failures};
  }

  // Forgets every step without running it (to keep everything for debugging).
  void Dismiss() { steps_.clear(); }
  bool empty() const { return steps_.empty(); }

 private:
  struct Step {
    std::string what;
    std::function<Status()> run;
  };
  std::vector<Step> steps_;
};

}  // namespace sandcheck
