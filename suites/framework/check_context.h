// What a check function is given: the deployment, the substrate, the family's shared
// sandbox and its cached probe documents, capabilities, timeouts, and a directory for
// evidence files. One CheckContext per (deployment, check) run.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "clusters/substrate.h"
#include "core/result.h"
#include "core/timeouts.h"
#include "suites/framework/check.h"
#include "suites/framework/shared_sandboxes.h"

namespace sandcheck {

// The source tree's fixtures/ directory, baked in at build time.
std::filesystem::path DefaultFixturesDir();

struct RunOptions {
  // Evidence files go to <artifacts_root>/<deployment>/<check id>/.
  std::filesystem::path artifacts_root =
      std::filesystem::temp_directory_path() / "sandcheck-artifacts";
  std::filesystem::path fixtures_dir = DefaultFixturesDir();
  Timeouts timeouts;
  // How many families run at once, each family's checks in order on a thread of its own (1: one
  // check after another). Each family already has sandboxes of its own, and most of a check's
  // time is spent waiting on a runtime, which overlaps well even on two cores.
  int family_lanes = 4;
};

class CheckContext {
 public:
  CheckContext(const CheckInfo& check, const Deployment& deployment, Substrate& substrate,
               SharedSandboxes& shared, const RuntimeCapabilities& capabilities,
               const RunOptions& options)
      : check_(check),
        deployment_(deployment),
        substrate_(substrate),
        shared_(shared),
        capabilities_(capabilities),
        options_(options) {}

  const CheckInfo& check() const { return check_; }
  const Deployment& deployment() const { return deployment_; }
  Substrate& substrate() { return substrate_; }
  const RuntimeCapabilities& capabilities() const { return capabilities_; }
  const Timeouts& timeouts() const { return options_.timeouts; }
  const std::filesystem::path& fixtures_dir() const { return options_.fixtures_dir; }

  // The family's shared sandbox, for checks that only observe. Acquired on first use.
  Result<Sandbox*> SharedSandbox() { return shared_.For(check_.family); }
  // The probe document of the shared sandbox run with `options`; each distinct option
  // list execs the probe once per deployment.
  Result<const nlohmann::json*> Probe(const std::vector<std::string>& options) {
    return shared_.Probe(check_.family, options, options_.timeouts.exec);
  }
  // A sandbox of the check's own, for checks that change state or kill the sandbox: the one
  // started ahead for the check (CheckInfo::prefetch_fresh) if there is one. Dropping the lease
  // tears the sandbox down in the background (DeferredTeardown); Destroy() does it at once.
  Result<SandboxLease> AcquireFresh(std::string purpose);
  // What this family's checks hand one another within the deployment's run: one T per family,
  // default-made on first use, gone when the family's last check has run
  // (SharedSandboxes::HandOff).
  template <typename T>
  T& HandOff() {
    return shared_.HandOff<T>(check_.family);
  }

  // Writes an evidence file into this check's artifact directory and records it.
  Result<std::filesystem::path> WriteArtifact(std::string_view name, std::string_view content);
  const std::vector<std::filesystem::path>& artifacts() const { return artifacts_; }

 private:
  const CheckInfo& check_;
  const Deployment& deployment_;
  Substrate& substrate_;
  SharedSandboxes& shared_;
  const RuntimeCapabilities& capabilities_;
  const RunOptions& options_;
  std::vector<std::filesystem::path> artifacts_;
};

}  // namespace sandcheck
