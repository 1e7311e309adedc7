#include "reports/html_writer.h"

#include <fmt/format.h>

#include "reports/html_assets.h"
#include "reports/html_escape.h"
#include "reports/html_sections.h"

namespace sandcheck::reports {

std::string HtmlReport(const RunReport& report, int exit_code, const ReportOptions& options) {
  std::string body = html::PageHeader(report, exit_code) + html::TableOfContents(report) +
                     "<main>" + html::VerdictCountsSection(report) + html::ProblemsSection(report) +
                     html::ComparisonSection(report);
  for (size_t i = 0; i < report.deployments.size(); ++i) {
    body += html::DeploymentSectionHtml(report, i);
  }
  body += html::BenchmarksSection(report) +
          html::EnvironmentSection(report, exit_code, options.fail_on_skip) + "</main>";
  return fmt::format(
      R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>sandcheck {} — run {}</title>
<style>{}</style>
</head>
<body>
{}
<footer>Written by sandcheck {}. Every string from the run is HTML-escaped and passed through the redactor.</footer>
<script>{}</script>
</body>
</html>
)",
      exit_code == 0 ? "passed" : "FAILED", HtmlEscape(report.run_id), kReportCss, body,
      HtmlEscape(report.sandcheck_version), kReportScript);
}

}  // namespace sandcheck::reports
