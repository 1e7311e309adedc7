// The stylesheet and script inlined into report.html, so the file works offline and from
// a CI artifact viewer that serves nothing else.
#pragma once

#include <string_view>

namespace sandcheck::reports {

extern const std::string_view kReportCss;
// Progressive enhancement only: the report is complete without it. It adds the toolbar
// (problems-only filter, expand/collapse all) and opens a check linked by URL fragment.
extern const std::string_view kReportScript;

}  // namespace sandcheck::reports
