// The parts of report.html, each a function from the (redacted) report to escaped HTML.
// html_writer.cc puts them in order; this split keeps each part readable on its own.
#pragma once

#include <string>

#include "core/check_model.h"
#include "reports/run_report.h"

namespace sandcheck::reports::html {

// Anchors shared between sections, so the failures table can link to a check's details.
std::string DeploymentAnchor(size_t index, const DeploymentSection& section);
std::string CheckAnchor(size_t index, const DeploymentSection& section, const CheckResult& result);
// "pass", "fail", "error", "skip", "n/a".
std::string_view VerdictLabel(Verdict verdict);
// A verdict badge: colour and a text label, never colour alone.
std::string VerdictBadge(Verdict verdict);

// html_sections.cc
std::string PageHeader(const RunReport& report, int exit_code);
std::string TableOfContents(const RunReport& report);
std::string VerdictCountsSection(const RunReport& report);
std::string ProblemsSection(const RunReport& report);
std::string ComparisonSection(const RunReport& report);  // "" for fewer than 2 deployments
std::string BenchmarksSection(const RunReport& report);  // "" without benchmark data
std::string EnvironmentSection(const RunReport& report, int exit_code, bool fail_on_skip);

// html_deployment.cc: facts, the phase x family matrix and every check's details.
std::string DeploymentSectionHtml(const RunReport& report, size_t index);

}  // namespace sandcheck::reports::html
