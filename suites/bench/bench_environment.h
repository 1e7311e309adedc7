// What the startup benchmarks share, made once per process: a substrate on a temporary
// state directory and, per runtime, the prepared bare bundles, one running sandbox and one
// running bare container to exec into, and a warm pool. Everything is torn down at exit.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "clusters/oci/oci_substrate.h"
#include "clusters/oci/warm_pool.h"
#include "core/temp_dir.h"
#include "suites/bench/bare_runtime.h"
#include "suites/bench/bench_deployment.h"

namespace sandcheck::bench {

struct RuntimeFixture {
  std::shared_ptr<const RuntimeCli> runtime;    // with the deployment's network flags
  std::unique_ptr<PreparedBundle> idle;         // init: the probe's idle init (like Acquire)
  std::unique_ptr<PreparedBundle> run;          // init: the probe command itself (for `run`)
  std::unique_ptr<PreparedBundle> exec_target;  // a bare container kept running for exec
  std::unique_ptr<BareContainer> running_bare;
  SandboxLease running_sandbox;  // a sandcheck sandbox kept running for exec
  std::unique_ptr<WarmPool> pool;
};

class BenchEnvironment {
 public:
  static BenchEnvironment& Get();
  // Tears everything down; called from main before exit (static destruction order is not
  // something to rely on with a pool thread running).
  static void Shutdown();

  OciSubstrate& substrate() { return *substrate_; }
  std::filesystem::path probe_on_host() const;
  // The fixture of `runtime`, made on first use; nullptr with `why` when the runtime is
  // missing or set-up failed (the benchmark then skips with that reason).
  RuntimeFixture* For(RuntimeKind runtime, std::string* why);

 private:
  BenchEnvironment();
  ~BenchEnvironment();
  Result<std::unique_ptr<RuntimeFixture>> MakeFixture(RuntimeKind runtime);

  std::optional<TempDir> state_;
  std::unique_ptr<OciSubstrate> substrate_;
  std::map<RuntimeKind, std::unique_ptr<RuntimeFixture>> fixtures_;
  std::map<RuntimeKind, std::string> failures_;
  std::string error_;
};

}  // namespace sandcheck::bench
