#include "clusters/oci/warm_pool.h"

#include "core/log.h"

namespace sandcheck {

Result<std::unique_ptr<WarmPool>> WarmPool::Create(OciSubstrate& substrate, Deployment deployment,
                                                   WarmPoolConfig config) {
  if (config.size == 0) return Fail("warm pool for '{}': size 0", deployment.name);
  if (!substrate.Runtime(deployment.runtime)) {
    return Fail("warm pool for '{}': runtime {} is unavailable here: {}", deployment.name,
                ToString(deployment.runtime),
                substrate.Capabilities(deployment.runtime).capabilities.begin()->second.reason);
  }
  return std::unique_ptr<WarmPool>(
      new WarmPool(substrate, std::move(deployment), std::move(config)));
}

WarmPool::WarmPool(OciSubstrate& substrate, Deployment deployment, WarmPoolConfig config)
    : substrate_(substrate),
      deployment_(std::move(deployment)),
      config_(std::move(config)),
      refiller_([this] { RefillLoop(); }) {}

WarmPool::~WarmPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  refiller_.join();
  // ready_ and discarded_ go now: each lease's destructor tears its sandbox down and logs.
  std::lock_guard lock(mutex_);
  if (!ready_.empty()) {
    SC_DEBUG("warm pool '{}': destroying {} unclaimed sandboxes", deployment_.name, ready_.size());
  }
  ready_.clear();
  discarded_.clear();
}

void WarmPool::BuryDiscarded(std::unique_lock<std::mutex>& lock) {
  if (discarded_.empty()) return;
  auto dead = std::move(discarded_);
  discarded_.clear();
  lock.unlock();  // teardown takes runtime commands; claims must not wait for it
  for (auto& sandbox : dead) {
    Status destroyed = sandbox->Destroy();
    if (!destroyed.ok()) SC_WARN("warm pool: {}", destroyed.message());
  }
  dead.clear();
  lock.lock();
}

void WarmPool::RefillLoop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    BuryDiscarded(lock);
    if (stopping_) break;
    if (ready_.size() >= config_.size) {
      changed_.wait(
          lock, [&] { return stopping_ || ready_.size() < config_.size || !discarded_.empty(); });
      continue;
    }
    lock.unlock();  // creation never holds the mutex, so claims never wait on it
    auto sandbox = substrate_.AcquireOci(deployment_, {.purpose = config_.purpose});
    lock.lock();
    if (sandbox.ok()) {
      if (stopping_) {
        lock.unlock();
        sandbox->reset();  // made while stopping: torn down here, outside the lock
        lock.lock();
        break;
      }
      ready_.push_back(std::move(sandbox).value());
      ++stats_.created;
      changed_.notify_all();
      continue;
    }
    ++stats_.failures;
    stats_.last_error = sandbox.message();
    SC_WARN("warm pool '{}': {}", deployment_.name, sandbox.message());
    changed_.notify_all();  // waiting claims fail now instead of at their deadline
    changed_.wait_for(lock, config_.retry_delay, [&] { return stopping_; });
  }
}

Result<SandboxLease> WarmPool::Claim(Duration timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  size_t failures_before = stats_.failures;
  while (true) {
    bool taken_any = !ready_.empty();
    std::unique_ptr<OciSandbox> claimed;
    while (!ready_.empty() && !claimed) {
      std::unique_ptr<OciSandbox> sandbox = std::move(ready_.front());
      ready_.pop_front();
      if (sandbox->InitAlive()) {
        claimed = std::move(sandbox);
        break;
      }
      SC_WARN("warm pool '{}': {} died while waiting; discarding it", deployment_.name,
              sandbox->name());
      ++stats_.discarded;
      discarded_.push_back(std::move(sandbox));
    }
    if (taken_any) {
      // The refill thread has room again. Woken after the unlock, so it does not wake only to
      // block on the mutex this claim still holds.
      if (claimed) ++stats_.claimed;
      lock.unlock();
      changed_.notify_all();
      if (claimed) return SandboxLease(std::move(claimed));
      lock.lock();
      continue;
    }
    if (stopping_) return Fail("warm pool '{}': claim while stopping", deployment_.name);
    if (stats_.failures != failures_before) {
      return Fail("warm pool '{}': empty, and creating a sandbox failed: {}", deployment_.name,
                  stats_.last_error);
    }
    if (changed_.wait_until(lock, deadline) == std::cv_status::timeout && ready_.empty()) {
      return Fail("warm pool '{}': no sandbox ready within {} ms (created {}, claimed {}{})",
                  deployment_.name, timeout.count(), stats_.created, stats_.claimed,
                  stats_.last_error.empty() ? "" : "; last error: " + stats_.last_error);
    }
  }
}

Status WarmPool::WaitUntilFull(Duration timeout) {
  std::unique_lock lock(mutex_);
  bool full = changed_.wait_for(lock, timeout, [&] { return ready_.size() >= config_.size; });
  if (full) return Status::Ok();
  return Fail("warm pool '{}': {} of {} ready after {} ms{}", deployment_.name, ready_.size(),
              config_.size, timeout.count(),
              stats_.last_error.empty() ? "" : "; last error: " + stats_.last_error);
}

size_t WarmPool::ready() const {
  std::lock_guard lock(mutex_);
  return ready_.size();
}

WarmPoolStats WarmPool::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace sandcheck
