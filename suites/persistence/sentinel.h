// Sentinels: small files with fresh random content that the persistence family writes in one
// place and looks for in another (a re-created sandbox, another tenant, the host). The probe
// only observes, so writes go through the sandbox's own shell as the agent user; reads go
// through the probe's --read, so the evidence stays structured.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "clusters/host_view.h"
#include "clusters/substrate.h"
#include "core/result.h"
#include "suites/framework/probe_files.h"

namespace sandcheck {

struct Sentinel {
  std::string directory;  // where it is written
  std::string path;       // <directory>/.sandcheck-sentinel-<random>
  std::string content;    // sandcheck-sentinel-<random>
};

Sentinel NewSentinel(const std::string& directory);

struct WriteAttempt {
  bool ok = false;
  std::string failure;  // why not, when !ok
  nlohmann::json evidence;
};

struct SentinelWrite {
  Sentinel sentinel;
  bool durable = false;  // fsync the file and its directory before returning
};

// Writes every sentinel as the deployment's user, each by a shell of its own that creates the
// directory first as Claude Code would, all in one exec (the probe's batch mode). Fails only
// when the harness cannot exec; a failed write is an attempt with ok == false.
Result<std::vector<WriteAttempt>> WriteInSandbox(Sandbox& sandbox,
                                                 const std::vector<SentinelWrite>& writes,
                                                 Duration timeout);

// The sentinel's file name under a host directory (the other side of a bind mount).
std::filesystem::path OnHost(const std::filesystem::path& directory, const Sentinel& sentinel);

// Writes the sentinel's file name under a directory on the sandbox's host (the other side of a
// bind mount), world-readable so the agent can read it whatever its uid.
WriteAttempt WriteOnHost(HostView& host, const std::filesystem::path& directory,
                         const Sentinel& sentinel);

// Reads every sentinel's path in one probe run (as the deployment's user).
Result<std::vector<ReadFacts>> ReadInSandbox(Sandbox& sandbox,
                                             const std::vector<Sentinel>& sentinels,
                                             Duration timeout);

// Reads the sentinel's file name under a directory on the sandbox's host.
ReadFacts ReadOnHost(HostView& host, const std::filesystem::path& directory,
                     const Sentinel& sentinel);

// Removes the sentinels' files in the sandbox; failures are logged, never fatal, because the
// files are harmless and the verdict is already known.
void RemoveInSandbox(Sandbox& sandbox, const std::vector<Sentinel>& sentinels, Duration timeout);

}  // namespace sandcheck
