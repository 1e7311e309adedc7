// CRED-005: what of the host user's ~/.claude reaches the sandbox (seed 002's claude-sbx).
// The durable paths it selects (CLAUDE.md, skills, agents, commands) must; settings.json and
// its hooks must not, since a hook's JSON output is read by the sandboxed agent as an
// instruction and a host Stop hook firing inside can loop it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/deployment.h"
#include "suites/credentials/scan_report.h"
#include "suites/framework/check.h"
#include "suites/framework/check_context.h"
#include "suites/framework/judgement.h"
#include "suites/framework/probe_files.h"

namespace sandcheck {

// Whether the deployment takes anything from the host's ~/.claude (`host_claude`): a bind of
// it, of a path inside it, or of a directory holding it (the host home).
bool TakesFromHostClaude(const Deployment& deployment, const std::filesystem::path& host_claude);

// Pure: the hook marker found anywhere (a file or an environment) is a problem, so is a
// selected path missing from the agent's ~/.claude; an incomplete scan is inconclusive.
// `selected`: the agent's <home>/.claude/<path> for each kClaudeSeedPaths entry.
Judgement JudgeClaudeConfigSeed(const ScanReport& hook_scan,
                                const std::map<std::string, StatFacts>& selected);

CheckResult HostClaudeConfigSeededSelectively(CheckContext& context);

}  // namespace sandcheck
