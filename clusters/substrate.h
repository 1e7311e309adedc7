// The substrate interface: what sandboxes run on (oci, docker, kind, kina). A substrate
// acquires sandboxes for a deployment, reports what it can do as data, and sweeps what an
// interrupted run left behind.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/capability_kind.h"
#include "core/deployment.h"
#include "core/process.h"
#include "core/result.h"
#include "core/run_id.h"
#include "core/timeouts.h"

namespace sandcheck {

class World;
class WorldView;  // clusters/world_view.h
class HostView;   // clusters/host_view.h

// Where the probe lives inside every sandbox image.
inline constexpr std::string_view kProbePathInSandbox = "/usr/local/bin/sandcheck-probe";

struct ExecRequest {
  std::vector<std::string> argv;
  std::map<std::string, std::string> env;  // added to the deployment's environment
  std::string stdin_data;
  std::optional<Duration> timeout;  // default: Timeouts::exec
};

// What only some substrates can do with a running sandbox: optional parts a sandbox hands out
// (null when its substrate cannot). A check that needs one skips loudly, saying which.

// Runs a command as a numeric uid and gid other than the deployment's user (root, say).
class ExecAsUser {
 public:
  virtual ~ExecAsUser() = default;
  virtual Result<ProcessOutcome> ExecAs(const ExecRequest& request, uint32_t uid, uint32_t gid) = 0;
};

// Kills the sandbox as a crash would: a signal (SIGKILL) to its init.
class CrashSimulator {
 public:
  virtual ~CrashSimulator() = default;
  virtual Status Kill(int signal) = 0;
};

// The host path of the sandbox's root filesystem as mounted (for evidence and the substrate's
// own tests, not for checks).
class HostRootfs {
 public:
  virtual ~HostRootfs() = default;
  virtual std::filesystem::path RootfsOnHost() const = 0;
};

// A mount the substrate itself adds to every sandbox (the probe, where it is not in an image).
struct SubstrateMount {
  std::string target;  // in the sandbox
  std::string why;
};

// One running sandbox, held as a move-only lease (std::unique_ptr<Sandbox>). The
// destructor never throws: it kills and deletes the sandbox, removes its bundle, mounts
// and namespaces, and logs whatever it could not clean.
class Sandbox {
 public:
  virtual ~Sandbox() = default;
  virtual const std::string& name() const = 0;
  virtual const Deployment& deployment() const = 0;
  // Runs a command inside; a non-zero exit is an outcome, not an error.
  virtual Result<ProcessOutcome> Exec(const ExecRequest& request) = 0;
  // Stops and deletes now, reporting failures (the destructor does the same silently).
  virtual Status Destroy() = 0;
  // Keeps everything on the host for debugging: the destructor will clean nothing.
  virtual void Release() = 0;
  // The world view (clusters/world_view.h): the network around a `network: world` sandbox;
  // null for the other network modes.
  virtual const WorldView* world() const { return nullptr; }
  // The command a human runs on this machine to open a shell in the sandbox as the
  // deployment's user (what `sandcheck up` prints); empty when the substrate offers none.
  virtual std::vector<std::string> ShellCommand() const { return {}; }

  // The machine or node this sandbox runs on, as checks may see it. Lives as long as the
  // sandbox object (after Destroy() too).
  virtual HostView& host() = 0;

  // Mounts the substrate adds beyond the deployment's own (none on an image-based substrate).
  virtual std::vector<SubstrateMount> substrate_mounts() const { return {}; }
  // Where a file scan for host credentials starts: the whole filesystem, unless the sandbox
  // shows the host's own system directories, which hold nothing of the host user's and are
  // too large to read in a check's budget (the native substrate names what else it shows).
  virtual std::vector<std::string> CredentialScanRoots() const { return {"/"}; }
  // The program PID 1 runs when the substrate chooses it rather than the deployment's command
  // (a wrapper's own helper); empty: the deployment's command, or the probe.
  virtual std::string InitProgram() const { return ""; }

  // The optional parts above; null when the substrate cannot.
  virtual ExecAsUser* exec_as_user() { return nullptr; }
  virtual CrashSimulator* crash_simulator() { return nullptr; }
  virtual const HostRootfs* host_rootfs() const { return nullptr; }
};

using SandboxLease = std::unique_ptr<Sandbox>;

// What a runtime on a substrate can do, as data. Checks that need a missing capability
// are skipped loudly with `reason`.
struct Capability {
  bool available = false;
  std::string reason;  // why not, when unavailable; how, when available
};

struct RuntimeCapabilities {
  std::string runtime_version;  // first line of `<runtime> --version`
  std::map<CapabilityKind, Capability> capabilities;

  bool Has(CapabilityKind kind) const {
    auto it = capabilities.find(kind);
    return it != capabilities.end() && it->second.available;
  }
};

struct AcquireOptions {
  std::string purpose = "sbx";  // goes into the resource name, for humans
};

class Substrate {
 public:
  virtual ~Substrate() = default;
  virtual SubstrateKind kind() const = 0;
  virtual const RunId& run_id() const = 0;
  // Capabilities of `runtime` here; an unavailable runtime says why.
  virtual RuntimeCapabilities Capabilities(RuntimeKind runtime) const = 0;
  // Creates and starts a sandbox for the deployment; nothing is left behind on failure.
  virtual Result<SandboxLease> Acquire(const Deployment& deployment,
                                       const AcquireOptions& options) = 0;
  // Removes everything belonging to runs whose run lock is no longer held.
  virtual Status SweepAbandoned() = 0;
  // The run's world (clusters/world), made on first use, where `network: world` sandboxes
  // live and harness-owned hosts listen; substrates without one say why.
  virtual Result<World*> EnsureWorld() {
    return Fail("the {} substrate has no world network yet", ToString(kind()));
  }
  // What a report records about where `deployments` run beyond the runtimes' versions (an
  // engine's version, the images sandboxes run), as name -> value.
  virtual std::map<std::string, std::string> EnvironmentFacts(
      const std::vector<Deployment>& deployments) {
    (void)deployments;
    return {};
  }
};

}  // namespace sandcheck
