#include "reports/reports.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "reports/html_writer.h"
#include "reports/json_writer.h"
#include "reports/junit_writer.h"
#include "reports/redactor.h"
#include "reports/report_redaction.h"
#include "reports/sarif_writer.h"

namespace sandcheck::reports {
namespace {

Status WriteAtomically(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::path temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) return Fail("write report {}: {}", temporary.string(), std::strerror(errno));
    out << content;
    out.close();
    if (!out) return Fail("write report {}: {}", temporary.string(), std::strerror(errno));
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) return Fail("rename {} to {}: {}", temporary.string(), path.string(), error.message());
  return Status::Ok();
}

std::string Dump(const nlohmann::json& json) {
  return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Result<std::filesystem::path> SourceRoot(const ReportOptions& options) {
  std::error_code error;
  std::filesystem::path root = options.source_root.empty()
                                   ? std::filesystem::current_path(error)
                                   : std::filesystem::absolute(options.source_root, error);
  if (error)
    return Fail("report source root {}: {}", options.source_root.string(), error.message());
  return root;
}

}  // namespace

Status WriteReports(const RunReport& report, const std::filesystem::path& dir,
                    const ReportOptions& options) {
  RETURN_IF_ERROR(Validate(report));
  ASSIGN_OR_RETURN(std::filesystem::path source_root, SourceRoot(options));
  // The root path lands in SARIF too, so it passes through the same redactor.
  source_root = Redactor(report.secrets).Redact(source_root.string());
  int exit_code = GateExitCode(report, options.fail_on_skip);
  RunReport redacted = RedactReport(report);
  ASSIGN_OR_RETURN(std::string junit, JunitXml(redacted, options));

  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return Fail("create report directory {}: {}", dir.string(), error.message());
  RETURN_IF_ERROR(WriteAtomically(dir / kJunitFile, junit));
  RETURN_IF_ERROR(WriteAtomically(dir / kHtmlFile, HtmlReport(redacted, exit_code, options)));
  RETURN_IF_ERROR(
      WriteAtomically(dir / kJsonFile, Dump(ResultsJson(redacted, exit_code, options))));
  RETURN_IF_ERROR(
      WriteAtomically(dir / kSarifFile, Dump(SarifLog(redacted, exit_code, source_root))));
  return Status::Ok();
}

}  // namespace sandcheck::reports
