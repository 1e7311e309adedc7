// Fresh sandboxes started ahead of the checks that will ask for them (CheckInfo::prefetch_fresh),
// so that a sandbox start overlaps the family's earlier checks instead of adding to them. A
// family's queue starts them one after another, each once the one before it was taken or
// dropped: at most one start runs ahead of a family, so the families' starts do not all compete
// for the CPUs at once.
#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "clusters/substrate.h"
#include "core/result.h"

namespace sandcheck {

class FreshSandboxQueue {
 public:
  // One sandbox of `deployment` for each of `check_ids`, in that order.
  FreshSandboxQueue(const Deployment& deployment, Substrate& substrate,
                    std::vector<std::string> check_ids);
  // Waits for a start in flight, then destroys every sandbox no check took.
  ~FreshSandboxQueue();
  FreshSandboxQueue(const FreshSandboxQueue&) = delete;
  FreshSandboxQueue& operator=(const FreshSandboxQueue&) = delete;

  // Lets the first start begin (idempotent). Take opens the queue too.
  void Open();
  // The sandbox started for `check_id`, once its start has ended; nullopt when none was planned
  // for it or it was already taken. The wait is bounded by the substrate's own deadlines.
  std::optional<Result<SandboxLease>> Take(const std::string& check_id);
  // `check_id` has finished: destroys its sandbox if it never took it, and lets the next start.
  void Done(const std::string& check_id);

 private:
  struct Entry {
    std::string check_id;
    std::optional<Result<SandboxLease>> made;
    bool closed = false;  // taken or dropped
  };
  Entry* Find(const std::string& check_id);  // with mutex_ held
  void StartAll(std::stop_token stop);

  const Deployment& deployment_;
  Substrate& substrate_;
  std::mutex mutex_;
  std::condition_variable_any changed_;
  bool open_ = false;
  std::vector<Entry> entries_;
  std::jthread starter_;  // declared last: stopped and joined before the members it uses go
};

}  // namespace sandcheck
