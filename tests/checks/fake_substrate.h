// A substrate for sandcheck's own tests of the check framework. Its sandboxes answer the
// probe's observations from a small in-memory model of the sandbox's files, run its batch mode
// (the real probe) and every other command on the host with sandbox paths mapped to host files,
// so hook checks run end to end without a container runtime.
#pragma once

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "clusters/substrate.h"
#include "suites/framework/check.h"

namespace sandcheck::testing_support {

// A complete registry entry that runs `fn`, for tests of the framework around checks.
CheckInfo CheckCalling(std::string id, CheckFn fn, Family family = Family::kHooks);

// What the probe sees of one path inside the sandbox, as the agent user.
struct FakeFile {
  bool directory = false;
  uint32_t uid = 0;
  uint32_t mode = 0644;
  bool agent_writable = false;
  std::string content;
  bool readable = true;
};

// Owned by root, not writable by the agent.
FakeFile RootFile(uint32_t mode, std::string content = "");
FakeFile RootDirectory(uint32_t mode = 0755);

struct FakeWorld {
  std::map<std::string, FakeFile> files;              // absolute sandbox paths
  std::map<std::string, std::filesystem::path> host;  // sandbox path -> host path, for exec
  std::string acquire_error;                          // non-empty: Acquire fails with it
  int probe_exit_code = 0;
};

// A world where root owns /, /etc, /etc/claude-code and /etc/claude-code/hooks, 0755, and
// nothing is agent-writable.
FakeWorld ProtectedWorld();

class FakeSubstrate : public Substrate {
 public:
  explicit FakeSubstrate(FakeWorld world);

  SubstrateKind kind() const override { return SubstrateKind::kOci; }
  const RunId& run_id() const override { return run_id_; }
  RuntimeCapabilities Capabilities(RuntimeKind runtime) const override;
  Result<SandboxLease> Acquire(const Deployment& deployment,
                               const AcquireOptions& options) override;
  Status SweepAbandoned() override { return Status::Ok(); }

  FakeWorld& world() { return world_; }
  RuntimeCapabilities& capabilities() { return capabilities_; }
  // Purposes of every Acquire call, in order; and how many probe execs the sandboxes saw.
  const std::vector<std::string>& acquired() const { return acquired_; }
  int probe_runs() const { return probe_runs_; }
  int live_sandboxes() const { return live_; }

 private:
  friend class FakeSandbox;
  FakeWorld world_;
  RunId run_id_;
  RuntimeCapabilities capabilities_;
  // The runner may call from one thread per family.
  std::mutex mutex_;
  std::vector<std::string> acquired_;  // guarded by mutex_
  std::atomic<int> probe_runs_ = 0;
  std::atomic<int> live_ = 0;
};

// A deployment that declares the hooks family in the isolation phase.
Deployment HooksDeployment(std::string name = "fake-hooks");

}  // namespace sandcheck::testing_support
