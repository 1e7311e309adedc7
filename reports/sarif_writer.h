// results.sarif (SARIF 2.1.0) for code scanning: one result per failed check per
// deployment. Every family counts as security here: each check is a containment, credential,
// persistence, policy or audit promise of a security boundary, and an observability gap
// hides the other failures. Errors, skips and not-applicable are not findings about the
// deployment; errors appear as tool execution notifications instead.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/check_model.h"
#include "reports/run_report.h"

namespace sandcheck::reports {

// The uriBaseId deployment files are relative to; run.originalUriBaseIds maps it to
// `source_root`.
inline constexpr char kSarifSourceRoot[] = "%SRCROOT%";

// critical and high -> "error", medium -> "warning", low -> "note".
std::string_view SarifLevel(Severity severity);

// The log for a validated, redacted report that earned `exit_code`. Deployment files under
// `source_root` (absolute) get relative URIs; others absolute file URIs.
nlohmann::json SarifLog(const RunReport& report, int exit_code,
                        const std::filesystem::path& source_root);

}  // namespace sandcheck::reports
