// The command line one exec of a native sandbox runs: enter the sandbox's network namespace,
// become the host user, start from that user's environment, then the wrapper (bwrap with the
// deployment's arguments, or srt with its settings file) and the command. Pure, so the
// substrate's tests read the line without running it.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/deployment.h"

namespace sandcheck {

struct WrapperInvocation {
  std::string netns;                          // `ip netns exec` takes its name
  std::vector<std::string> host_environment;  // "NAME=value": the user's shell environment
  std::filesystem::path home;                 // the host user's home (HOME)
  std::filesystem::path probe;                // the probe's host path, bound at the same path
  std::vector<std::string> srt;               // how srt is started: {node, .../cli.js}
};

// The argv for `command` under `deployment`'s wrapper. `extra_env` (the deployment's and the
// request's variables) reaches the command: bwrap's --setenv, srt's inherited environment.
std::vector<std::string> WrappedArgv(const Deployment& deployment,
                                     const WrapperInvocation& invocation,
                                     const std::map<std::string, std::string>& extra_env,
                                     std::vector<std::string> command);

}  // namespace sandcheck
