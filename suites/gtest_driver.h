// Drives checks through GoogleTest: one registered test per (deployment, check), so the
// CLI gets filtering, repetition, XML/JSON output and listeners for free. The check's
// result travels in test properties (RecordProperty); CheckResultCollector reads them
// back for the reports.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "suites/check.h"
#include "suites/check_context.h"

namespace sandcheck {

// Test property names. Deliberately prefixed: gtest reserves "name", "status", "result"...
inline constexpr char kDeploymentProperty[] = "sandcheck_deployment";
inline constexpr char kCheckProperty[] = "sandcheck_check";
inline constexpr char kVerdictProperty[] = "sandcheck_verdict";
inline constexpr char kResultProperty[] = "sandcheck_result";  // ToJson(CheckResult).dump()

// "seed-004 hooks" -> "seed_004_hooks": gtest filters treat '-' and ':' specially.
std::string GtestName(std::string_view name);

// Registers tests named <deployment>.<check id> (both through GtestName). Verdicts map to
// test outcomes: pass succeeds, fail and error fail, skip and not-applicable are skipped.
// Each deployment's shared sandboxes are released after its last check has run, and in
// any case when the test program's environment is torn down. Call before RUN_ALL_TESTS;
// `substrate` must outlive it.
void RegisterCheckTests(const std::vector<Deployment>& deployments,
                        const std::vector<const CheckInfo*>& checks, Substrate& substrate,
                        const RunOptions& options);

struct DeploymentCheckResult {
  std::string deployment;
  CheckResult result;
};

// Collects one DeploymentCheckResult per check test that ended. A test that ended without
// a recorded result (it crashed or threw past the runner) is collected as an error.
// Append it to testing::UnitTest::GetInstance()->listeners(), which takes ownership.
class CheckResultCollector : public testing::EmptyTestEventListener {
 public:
  void OnTestEnd(const testing::TestInfo& test) override;
  const std::vector<DeploymentCheckResult>& results() const { return results_; }

 private:
  std::vector<DeploymentCheckResult> results_;
};

}  // namespace sandcheck
