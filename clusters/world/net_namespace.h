// One network namespace sandcheck created with `ip netns add`. Deleting it takes its
// interfaces with it. Its name carries the run id (core/run_id.h), and an empty file of that
// name in the state directory's registry marks it as this state directory's: a sweep after
// the harness was killed deletes only what its own state directory recorded, never another
// harness's namespaces (the namespace list is global).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/timeouts.h"

namespace sandcheck {

class NetNamespace {
 public:
  // A new namespace; even its loopback is down until the owner configures it.
  static Result<NetNamespace> Create(std::string name, const std::filesystem::path& registry,
                                     Duration timeout);
  // A name for the namespace process `pid` already lives in (one a container engine made),
  // recorded like Create's (`ip netns attach`). Deleting it drops the name; the namespace
  // itself ends with its last process.
  static Result<NetNamespace> Attach(std::string name, pid_t pid,
                                     const std::filesystem::path& registry, Duration timeout);

  NetNamespace(NetNamespace&& other) noexcept;
  NetNamespace& operator=(NetNamespace&& other) noexcept;
  NetNamespace(const NetNamespace&) = delete;
  NetNamespace& operator=(const NetNamespace&) = delete;
  ~NetNamespace();  // deletes, logging what it could not

  const std::string& name() const { return name_; }
  // What an OCI bundle's `linux.namespaces[].path` and setns(2) take.
  std::filesystem::path path() const { return "/run/netns/" + name_; }

  // Runs `ip -n <name> -batch -`: one process for many commands ("link set lo up", ...).
  Status IpBatch(const std::vector<std::string>& commands) const;
  Status Delete();
  // Keeps the namespace for debugging; returns its name.
  std::string Release();

 private:
  NetNamespace(std::string name, std::filesystem::path registry, Duration timeout)
      : name_(std::move(name)), registry_(std::move(registry)), timeout_(timeout) {}

  std::string name_;
  std::filesystem::path registry_;
  Duration timeout_;
};

// iproute2's `ip` by absolute path when it is in the usual place: namespaces are also deleted
// from static destructors, when looking a name up in PATH (Boost's locale-using search) fails.
std::string IpProgram();

// Runs `ip <args...>` in the harness's own namespace, with a deadline.
Status RunIp(std::vector<std::string> args, Duration timeout);
// Names of the namespaces `ip netns list` shows.
Result<std::vector<std::string>> ListNetNamespaces(Duration timeout);
// SIGKILLs every process `ip netns pids` lists in the namespace (servers the harness ran there).
Status KillProcessesInNamespace(const std::string& name, Duration timeout);
// Kills what runs in the namespace, deletes it if it exists, its /etc/netns/<name> directory
// and its registry entry.
Status DeleteNetNamespace(const std::string& name, const std::filesystem::path& registry,
                          Duration timeout);

}  // namespace sandcheck
