// The bare references of the startup benchmarks: the same runtime command lines sandcheck
// runs (the profile's global flags and host wrapper included), on bundles prepared once
// outside the timing, with nothing of sandcheck's own around them; and plain fork/exec.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "clusters/oci/oci_substrate.h"
#include "clusters/oci/runtime_cli.h"
#include "core/deployment.h"
#include "core/result.h"

namespace sandcheck::bench {

// An overlay of the cached rootfs plus config.json and one exec process file, made once; the
// container id is fixed, so a bundle holds one container at a time. Unmounts when destroyed.
class PreparedBundle {
 public:
  static Result<std::unique_ptr<PreparedBundle>> Create(const OciSubstrate& substrate,
                                                        const std::filesystem::path& lower,
                                                        const Deployment& deployment,
                                                        const std::string& id,
                                                        const std::vector<std::string>& exec_argv);
  ~PreparedBundle();
  PreparedBundle(const PreparedBundle&) = delete;
  PreparedBundle& operator=(const PreparedBundle&) = delete;

  const BundlePaths& paths() const { return paths_; }
  const std::string& id() const { return id_; }
  std::filesystem::path exec_process() const { return paths_.exec_process(0); }

 private:
  PreparedBundle() = default;
  std::string id_;
  BundlePaths paths_;
  bool mounted_ = false;
};

// A container of a prepared bundle driven by bare runtime commands. Not a lease: the benchmark
// calls Remove (timed or not); the destructor only removes what is left, for error paths.
class BareContainer {
 public:
  BareContainer(std::shared_ptr<const RuntimeCli> runtime, const PreparedBundle& bundle)
      : runtime_(std::move(runtime)), bundle_(bundle) {}
  ~BareContainer();
  BareContainer(const BareContainer&) = delete;
  BareContainer& operator=(const BareContainer&) = delete;

  // create + start, then records the processes to reap (outside any timing that matters:
  // reading /proc costs microseconds).
  Status CreateAndStart();
  // `<runtime> exec --process <prepared file> <id>`; the process must exit 0.
  Status Exec() const;
  // kill, reap, delete: what teardown must do at least.
  Status Remove();

 private:
  std::shared_ptr<const RuntimeCli> runtime_;
  const PreparedBundle& bundle_;
  std::vector<pid_t> pids_;
  bool exists_ = false;
};

// `<runtime> run --bundle B <id>` of a bundle whose init is the command: one command from
// nothing to the command's output, the lower bound of any driver.
Status BareRun(const RuntimeCli& runtime, const PreparedBundle& bundle);

// fork/exec of `argv` on the host through the same process runner, exit 0 required.
Status ForkExec(const std::vector<std::string>& argv);

}  // namespace sandcheck::bench
