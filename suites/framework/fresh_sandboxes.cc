#include "suites/framework/fresh_sandboxes.h"

#include <algorithm>
#include <cctype>

namespace sandcheck {

FreshSandboxQueue::FreshSandboxQueue(const Deployment& deployment, Substrate& substrate,
                                     std::vector<std::string> check_ids)
    : deployment_(deployment), substrate_(substrate) {
  for (auto& id : check_ids) entries_.push_back(Entry{std::move(id), std::nullopt, false});
  starter_ = std::jthread([this](std::stop_token stop) { StartAll(stop); });
}

FreshSandboxQueue::~FreshSandboxQueue() {
  starter_.request_stop();
  starter_.join();
}

void FreshSandboxQueue::Open() {
  std::lock_guard lock(mutex_);
  open_ = true;
  changed_.notify_all();
}

FreshSandboxQueue::Entry* FreshSandboxQueue::Find(const std::string& check_id) {
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const Entry& entry) { return entry.check_id == check_id; });
  return it == entries_.end() ? nullptr : &*it;
}

std::optional<Result<SandboxLease>> FreshSandboxQueue::Take(const std::string& check_id) {
  std::unique_lock lock(mutex_);
  Entry* entry = Find(check_id);
  if (entry == nullptr || entry->closed) return std::nullopt;
  open_ = true;
  changed_.notify_all();
  changed_.wait(lock, [entry] { return entry->made.has_value(); });
  std::optional<Result<SandboxLease>> taken = std::move(entry->made);
  entry->made.reset();
  entry->closed = true;
  changed_.notify_all();
  return taken;
}

void FreshSandboxQueue::Done(const std::string& check_id) {
  std::optional<Result<SandboxLease>> dropped;  // destroyed after the lock is released
  std::lock_guard lock(mutex_);
  Entry* entry = Find(check_id);
  if (entry == nullptr || entry->closed) return;
  entry->closed = true;
  dropped = std::move(entry->made);
  changed_.notify_all();
}

void FreshSandboxQueue::StartAll(std::stop_token stop) {
  for (size_t i = 0; i < entries_.size(); ++i) {
    std::string purpose;
    {
      std::unique_lock lock(mutex_);
      bool ready = changed_.wait(lock, stop, [&] {
        return open_ && (i == 0 || entries_[i - 1].closed || entries_[i].closed);
      });
      if (!ready) return;
      if (entries_[i].closed) continue;  // its check finished without asking
      purpose = entries_[i].check_id;
    }
    std::transform(purpose.begin(), purpose.end(), purpose.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    AcquireOptions options;
    options.purpose = purpose;
    Result<SandboxLease> lease = substrate_.Acquire(deployment_, options);
    std::lock_guard lock(mutex_);
    if (entries_[i].closed) continue;  // dropped while it started: `lease` goes after the lock
    entries_[i].made = std::move(lease);
    changed_.notify_all();
  }
}

}  // namespace sandcheck
