// How WriteReports renders a run. The defaults suit CI.
#pragma once

#include <cstddef>
#include <filesystem>

namespace sandcheck::reports {

struct ReportOptions {
  // The gate's policy (see gate.h); recorded as the exit code in JSON, SARIF and HTML.
  bool fail_on_skip = false;
  // SARIF locations are deployment files relative to this directory (the repository root in
  // CI, where code scanning resolves them). Empty: the current directory.
  std::filesystem::path source_root;
  // JUnit keeps this many characters of a passing check's summary; evidence of passing
  // checks stays in results.json and report.html, where it does not drown the failures.
  size_t passing_summary_chars = 160;
};

}  // namespace sandcheck::reports
