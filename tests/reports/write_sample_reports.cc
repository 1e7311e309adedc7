// Writes the four reports of the sample run into a directory, for the schema, browser and
// screenshot tests that look at real files. Usage: write_sample_reports SOURCE_ROOT OUT_DIR
#include <fmt/format.h>

#include "reports/reports.h"
#include "tests/reports/sample_report.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    fmt::print(stderr, "usage: write_sample_reports SOURCE_ROOT OUT_DIR\n");
    return 2;
  }
  using namespace sandcheck::reports;
  ReportOptions options;
  options.source_root = argv[1];
  sandcheck::Status status =
      WriteReports(sandcheck::reports::testing::SampleReport(argv[1]), argv[2], options);
  if (!status.ok()) {
    fmt::print(stderr, "write_sample_reports: {}\n", status.message());
    return 1;
  }
  return 0;
}
