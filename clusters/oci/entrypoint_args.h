// The sandbox's init as seed 003's entrypoint: when a deployment hands credentials to the
// entrypoint by environment (env_unset_before_exec), the init is the probe in entrypoint
// mode, which writes the OAuth file the deployment keeps, drops the variables and execs the
// agent's command (or the idle init). Pure functions, unit-tested.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/deployment.h"

namespace sandcheck {

// Where the entrypoint writes a kept OAuth credential: ~/.claude/.credentials.json of the
// deployment's HOME (SandboxHome).
std::string CredentialsFilePath(const Deployment& deployment);

// The variable the entrypoint writes to the credentials file: only with claude.oauth_file,
// and only a Claude credential it hands over and unsets (CLAUDE_CREDENTIALS, seed 003's
// OAuth JSON, before CLAUDE_CODE_OAUTH_TOKEN). nullopt: no file is written.
std::optional<std::string> CredentialSourceVariable(const Deployment& deployment);

// process.args of the init: the deployment's command, or the idle probe; wrapped in the
// probe's entrypoint mode when env_unset_before_exec lists anything.
std::vector<std::string> InitArgs(const Deployment& deployment);

// The deployment's env entries that env_unset_before_exec lists: only the init gets them.
std::map<std::string, std::string> HandedOverEnv(const Deployment& deployment);

}  // namespace sandcheck
