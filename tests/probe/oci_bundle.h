// A throwaway OCI bundle for running the probe under real runtimes: a busybox-static rootfs
// with the probe at /usr/local/bin/sandcheck-probe, and a config made from
// `runc spec --rootless`, edited into a hardened sandbox: uid 1000, no capabilities,
// no_new_privs, read-only root, private network namespace, noexec tmpfs on /tmp.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "tests/probe/probe_test_util.h"

namespace sandcheck::probe_test {

struct BundleOptions {
  std::vector<std::string> args = {"/usr/local/bin/sandcheck-probe", "observe"};
  bool readonly_root = true;
};

class OciBundle {
 public:
  static Result<OciBundle> Create(const BundleOptions& options);
  const std::filesystem::path& dir() const { return dir_.path(); }

 private:
  explicit OciBundle(TempDir dir) : dir_(std::move(dir)) {}
  TempDir dir_;
};

enum class Runtime { kRunc, kCrun, kRunsc };

std::string RuntimeName(Runtime runtime);
// Test names and failure messages show "runsc" rather than a byte dump.
void PrintTo(Runtime runtime, std::ostream* out);

// Why the runtime cannot be used here (not root, binary missing), or empty when it can.
std::string RuntimeUnavailableReason(Runtime runtime);

// A container id no other run uses: includes the runtime, our pid and a random part.
std::string UniqueContainerId(Runtime runtime);

// `<runtime> ARGS` for the bundle's containers. runsc gets the ptrace platform and no
// network. crun runs inside a private mount namespace that mounts a v1 hugetlb hierarchy:
// without it crun refuses this host's hybrid cgroup layout ("cgroups in hybrid mode not
// supported").
std::vector<std::string> RuntimeCommand(Runtime runtime, const OciBundle& bundle,
                                        const std::vector<std::string>& args);

// The command that runs the bundle in the foreground to completion.
std::vector<std::string> RunCommand(Runtime runtime, const OciBundle& bundle,
                                    const std::string& id);

// Deletes the container (forcefully) when it goes out of scope, whatever happened, so a
// failed test leaves no container behind. `run` normally deletes it already.
class ContainerGuard {
 public:
  ContainerGuard(Runtime runtime, const OciBundle& bundle, std::string id)
      : runtime_(runtime), bundle_(bundle), id_(std::move(id)) {}
  ContainerGuard(const ContainerGuard&) = delete;
  ~ContainerGuard();

 private:
  Runtime runtime_;
  const OciBundle& bundle_;
  std::string id_;
};

}  // namespace sandcheck::probe_test
