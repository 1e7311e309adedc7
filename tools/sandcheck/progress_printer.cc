#include "tools/sandcheck/progress_printer.h"

#include <fmt/format.h>

#include <string>

#include "suites/gtest_driver.h"

namespace sandcheck::cli {
namespace {

std::string Property(const testing::TestResult& result, const char* key) {
  for (int i = 0; i < result.test_property_count(); ++i) {
    if (std::string(result.GetTestProperty(i).key()) == key)
      return result.GetTestProperty(i).value();
  }
  return "";
}

}  // namespace

void ProgressPrinter::OnTestProgramStart(const testing::UnitTest& unit) {
  total_ = unit.test_to_run_count();
  fmt::print(stderr, "running {} checks\n", total_);
}

void ProgressPrinter::OnTestEnd(const testing::TestInfo& test) {
  ++done_;
  const testing::TestResult& result = *test.result();
  std::string verdict = Property(result, kVerdictProperty);
  if (verdict.empty()) verdict = "error";  // ended without a recorded verdict
  fmt::print(stderr, "[{:>{}}/{}] {} {} {} ({} ms)\n", done_, std::to_string(total_).size(), total_,
             Property(result, kDeploymentProperty), Property(result, kCheckProperty), verdict,
             result.elapsed_time());
}

}  // namespace sandcheck::cli
