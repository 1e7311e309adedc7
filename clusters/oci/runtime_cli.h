// Command lines of one OCI runtime, run through the process runner with deadlines. Each
// call is <wrapper...> <binary> <global args...> <subcommand...>, all taken from the
// runtime's profile, so host quirks never leak into the callers.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "clusters/oci/runtime_profiles.h"
#include "clusters/oci/state_layout.h"
#include "core/process.h"
#include "core/result.h"
#include "core/timeouts.h"

namespace sandcheck {

// One row of `<runtime> list --format json`.
struct ListedContainer {
  std::string id;
  pid_t pid = 0;
  std::string status;  // "created", "running", "stopped", ...
  std::filesystem::path bundle;
};

// Parses the list output of runc, crun or runsc (`null` or `[]` when there are none).
Result<std::vector<ListedContainer>> ParseContainerList(const std::string& json_text);

class RuntimeCli {
 public:
  // `root` is the runtime's --root; `wrapper_dir` the mount point its wrapper may use.
  // `wrapped` prefixes every call with the profile's hybrid-cgroup wrapper. `timeouts` are
  // scaled by the profile's factor here.
  RuntimeCli(const RuntimeProfile& profile, std::filesystem::path root,
             std::filesystem::path wrapper_dir, bool wrapped, const Timeouts& timeouts);

  const RuntimeProfile& profile() const { return profile_; }
  const Timeouts& timeouts() const { return timeouts_; }
  const std::filesystem::path& root() const { return root_; }

  // The same runtime with the profile's flags for a sandbox's network mode added to every
  // call (runsc reads them at `create` and again at `start`, when it sets up the network).
  RuntimeCli ForNetwork(NetworkMode network) const;

  std::vector<std::string> Argv(const std::vector<std::string>& subcommand) const;

  // `create` with the container's stdio sent to files in the bundle (a pipe would be kept
  // open by the container). A failure names the command, the bundle and the stderr tail.
  Status Create(const std::string& id, const BundlePaths& bundle) const;
  Status Start(const std::string& id) const;
  Status Kill(const std::string& id, int signal) const;
  Status Delete(const std::string& id) const;  // with --force
  Result<std::vector<ListedContainer>> List() const;
  // `exec --process <process_file> <id>`, to run with RunProcess (stdout captured).
  ProcessSpec ExecSpec(const std::string& id, const std::filesystem::path& process_file,
                       Duration timeout, std::string stdin_data) const;

 private:
  Result<ProcessOutcome> Run(const std::vector<std::string>& subcommand) const;

  RuntimeProfile profile_;
  std::filesystem::path root_;
  std::filesystem::path wrapper_dir_;
  bool wrapped_;
  Timeouts timeouts_;
  std::vector<std::string> network_args_;
};

}  // namespace sandcheck
