// The host view: what a check may ask of the machine (or node) its sandbox runs on. A check
// never touches the harness machine directly: on the oci and docker substrates the host is the
// local machine (clusters/local_host.h), on Kubernetes it is whichever node the pod landed on.
// Each sandbox hands out the view of its own host (Sandbox::host()).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/timeouts.h"

namespace sandcheck {

// What a sandbox must not show as its own: the host's name and kernel, and the home of the
// user sandboxes run for. Empty fields when unknown (judges then error).
struct HostIdentity {
  std::string hostname;
  std::string kernel_release;  // uname -r
  std::string kernel_version;  // uname -v
  std::string proc_version;    // /proc/version, as an unsandboxed process reads it
  std::string boot_id;         // /proc/sys/kernel/random/boot_id, likewise
  std::string home;            // the home directory of the user the host runs sandboxes for
};

// Whether the host could start a process: `starts` when a trivial program ran and exited 0;
// `detail` says how it ended, or why it could not be started.
struct ProcessStart {
  bool starts = false;
  std::string detail;
};

struct HostProcess {
  pid_t pid = 0;
  std::string cmdline;  // arguments joined by spaces
};

// A TCP listener on the host's loopback, on a port the host picks. Closes on destruction.
class HostLoopbackListener {
 public:
  virtual ~HostLoopbackListener() = default;
  // The probe's --connect target: "tcp:127.0.0.1:<port>".
  virtual std::string ConnectTarget() const = 0;
  // Connections completed for this listener so far, taken without blocking.
  virtual int TakeAccepted() = 0;
};

class HostView {
 public:
  virtual ~HostView() = default;

  // Whether the host still starts processes (after a sandbox's fork bomb, say).
  virtual ProcessStart StartProcess(Duration timeout) = 0;

  // Every process on the host whose command line contains `marker`.
  virtual std::vector<HostProcess> ProcessesCarrying(const std::string& marker) = 0;
  // Kills a host process by pid; only for processes this run's sandboxes started.
  virtual void KillProcess(pid_t pid) = 0;

  virtual HostIdentity Identity() = 0;

  // A listener on the host's loopback, to show whether a sandbox reaches it.
  virtual Result<std::unique_ptr<HostLoopbackListener>> ListenOnLoopback() = 0;

  // A file on the host side of a volume or bind mount (`path` is a host path the deployment
  // names), written world-readable so any sandbox user can read it.
  virtual Status WriteFile(const std::filesystem::path& path, const std::string& content) = 0;
  virtual Result<std::string> ReadFile(const std::filesystem::path& path) = 0;
  // Removes such a file if it is there; failures are ignored (the files are harmless).
  virtual void RemoveFile(const std::filesystem::path& path) = 0;
};

}  // namespace sandcheck
