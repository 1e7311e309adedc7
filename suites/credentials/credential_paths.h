// CRED-003's list: where credentials conventionally live, so an agent (or a tool it runs) finds
// them without searching. None may exist in the sandbox.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "suites/framework/judgement.h"
#include "suites/framework/probe_files.h"

namespace sandcheck {

// The well-known credential paths for an agent whose home is `home`. With `oauth_file` (the
// deployment keeps Claude Code's OAuth file on purpose, seed 003) ~/.claude/.credentials.json
// is left out.
std::vector<std::string> WellKnownCredentialPaths(const std::string& home, bool oauth_file);

// A path is absent when stat says ENOENT or ENOTDIR; any other failure (EACCES on a parent)
// leaves it undecided.
Judgement JudgeCredentialPaths(const std::map<std::string, StatFacts>& facts);

}  // namespace sandcheck
