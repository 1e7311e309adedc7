// Judges where a scan found the needles against what the deployment allows. Pure functions:
// the checks feed them a probe document, the tests feed them hand-made reports.
#pragma once

#include <optional>
#include <string>

#include "core/deployment.h"
#include "suites/credentials/needles.h"
#include "suites/credentials/scan_report.h"
#include "suites/framework/judgement.h"

namespace sandcheck {

// CRED-001: no host canary in the environment of any process the agent can inspect.
Judgement JudgeEnvironmentLeaks(const NeedleCatalog& catalog, const ScanReport& report);

// CRED-002: no host canary in any file the agent can read. One exception, seed 003's
// entrypoint: a credential handed to the entrypoint and unset before exec may be kept in
// `kept_credentials_file` (~/.claude/.credentials.json when the deployment sets
// claude.oauth_file).
Judgement JudgeFileLeaks(const NeedleCatalog& catalog, const ScanReport& report,
                         const std::optional<std::string>& kept_credentials_file);

// CRED-004: no credential handed to the entrypoint by environment survives in the environment
// of any process: the entrypoint unset it before exec'ing the agent.
Judgement JudgeHandedOverLeaks(const NeedleCatalog& catalog, const ScanReport& report,
                               const Deployment& deployment);

}  // namespace sandcheck
