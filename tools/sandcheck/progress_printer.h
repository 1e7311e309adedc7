// Prints one line per check to stderr as its result comes in ("[ 3/40] reference-runc ISO-001
// pass (120 ms)"), so stdout stays for the report path.
#pragma once

#include "suites/framework/run_driver.h"

namespace sandcheck::cli {

class ProgressPrinter : public RunListener {
 public:
  void OnRunStart(size_t total_checks) override;
  void OnCheckStart(const Deployment&, const CheckInfo&) override {}
  void OnCheckEnd(const Deployment& deployment, const CheckResult& result) override;

 private:
  size_t total_ = 0;
  size_t done_ = 0;
};

}  // namespace sandcheck::cli
