// A warm pool, like agent-sandbox's SandboxWarmPool: sandboxes of one deployment created
// ahead of time by a refill thread and handed out on Claim as ordinary leases.
//
// - Claim never creates: it takes a ready sandbox under a mutex that creation never holds,
//   so a claim on a non-empty pool costs a liveness check, not a `create`.
// - A claim on an empty pool waits for the refill thread, with a deadline. It does not create
//   on demand: the refill thread is already creating one, and a second creation in parallel
//   would slow both on a small machine. A refill failure during the wait ends it at once
//   with that error (the harness is broken; waiting out the deadline would only hide it).
// - A sandbox is handed out at most once: it is moved out of the ready list under the mutex.
//   A claimed lease belongs to the claimer and may outlive the pool.
// - The pool's sandboxes are named sc-<run>-<purpose>-<n> by the substrate, so a sweep by run
//   id removes them after a crash. The destructor stops the thread and destroys the rest.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "clusters/oci/oci_sandbox.h"
#include "clusters/oci/oci_substrate.h"
#include "core/result.h"
#include "core/timeouts.h"

namespace sandcheck {

struct WarmPoolConfig {
  size_t size = 2;               // ready sandboxes kept; 0 is refused
  std::string purpose = "pool";  // goes into the sandboxes' names
  Duration retry_delay{200};     // after a failed creation, before the next try
};

struct WarmPoolStats {
  size_t created = 0;
  size_t claimed = 0;
  size_t discarded = 0;  // found dead at claim time, destroyed instead of handed out
  size_t failures = 0;   // creations that failed
  std::string last_error;
};

class WarmPool {
 public:
  // Starts the refill thread; it fills the pool in the background. `substrate` must outlive
  // the pool (leases already claimed need not).
  static Result<std::unique_ptr<WarmPool>> Create(OciSubstrate& substrate, Deployment deployment,
                                                  WarmPoolConfig config);
  // Stops the refill thread (an Acquire in flight finishes first, under its own deadlines)
  // and destroys every sandbox not handed out, logging what it could not clean.
  ~WarmPool();
  WarmPool(const WarmPool&) = delete;
  WarmPool& operator=(const WarmPool&) = delete;

  // A ready sandbox; waits up to `timeout` when none is ready. Fails on timeout, naming the
  // last refill error, or at once when a refill fails while waiting.
  Result<SandboxLease> Claim(Duration timeout);

  // Waits until `size` sandboxes are ready (for benchmarks and tests; never on a claim path).
  Status WaitUntilFull(Duration timeout);

  size_t ready() const;
  WarmPoolStats stats() const;
  const Deployment& deployment() const { return deployment_; }

 private:
  WarmPool(OciSubstrate& substrate, Deployment deployment, WarmPoolConfig config);
  void RefillLoop();
  // Destroys sandboxes the claim path set aside, off the claim path.
  void BuryDiscarded(std::unique_lock<std::mutex>& lock);

  OciSubstrate& substrate_;
  const Deployment deployment_;
  const WarmPoolConfig config_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;  // ready_ grew, a creation failed, a claim took one, stop
  std::deque<std::unique_ptr<OciSandbox>> ready_;
  std::vector<std::unique_ptr<OciSandbox>> discarded_;
  WarmPoolStats stats_;
  bool stopping_ = false;
  std::thread refiller_;  // last: started after every member above exists
};

}  // namespace sandcheck
