// The canaries of this sandcheck process, planted once. The host environment is process-wide
// state, so the canaries are too: Install() sets every kEnvironment canary in the process's
// own environment (replacing any real value, so a leaking deployment leaks a canary, never
// the operator's token) and writes the fake host home. Call it before any sandbox starts:
// the runner does, then resolves the deployment's host references against it
// (host_references.h).
#pragma once

#include <filesystem>
#include <vector>

#include "core/result.h"
#include "core/temp_dir.h"
#include "suites/credentials/canaries.h"

namespace sandcheck {

class HostCanaries {
 public:
  // Plants fresh canaries and a fake host in a new directory under `parent` (a run's state
  // directory) the first time; later calls return the same instance, whatever `parent`.
  static Result<const HostCanaries*> Install(const std::filesystem::path& parent,
                                             HostUser owner = {});
  // The installed instance, or nullptr before Install().
  static const HostCanaries* Installed();
  // The installed fake host, for checks that compare what the sandbox sees with it; an error
  // before Install().
  static Result<const FakeHost*> InstalledHost();

  const std::vector<Canary>& canaries() const { return canaries_; }
  const FakeHost& host() const { return host_; }

 private:
  HostCanaries(TempDir root, std::vector<Canary> canaries)
      : root_(std::move(root)),
        canaries_(std::move(canaries)),
        host_(FakeHostUnder(root_.path())) {}

  TempDir root_;  // removed at process exit
  std::vector<Canary> canaries_;
  FakeHost host_;
};

}  // namespace sandcheck
