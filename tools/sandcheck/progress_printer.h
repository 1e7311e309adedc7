// Prints one line per check to stderr as it ends ("[ 3/40] reference-runc ISO-001 pass
// 120 ms: ..."), replacing GoogleTest's stdout printer so stdout stays for the report path.
#pragma once

#include <gtest/gtest.h>

namespace sandcheck::cli {

class ProgressPrinter : public testing::EmptyTestEventListener {
 public:
  void OnTestProgramStart(const testing::UnitTest& unit) override;
  void OnTestEnd(const testing::TestInfo& test) override;

 private:
  int total_ = 0;
  int done_ = 0;
};

}  // namespace sandcheck::cli
