// The GoogleTest driver, tested the way the CLI uses it: register one test per (deployment,
// check), run them, and read the results back through CheckResultCollector. Two of the
// registered checks fail on purpose (a fail and an error verdict), so the inner run reports
// failures; this program succeeds when everything came out as expected.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <stdexcept>

#include "suites/gtest_driver.h"
#include "tests/checks/fake_substrate.h"

namespace sandcheck {
namespace {

using testing_support::CheckCalling;
using testing_support::FakeSubstrate;

CheckResult Passes(CheckContext& context) {
  ResultBuilder result(context.check().id);
  result.evidence()["sandbox"] = context.SharedSandbox().ok();
  return result.Pass("fine");
}
CheckResult Fails(CheckContext& context) {
  return ResultBuilder(context.check().id).Fail("broken");
}
CheckResult Throws(CheckContext&) { throw std::runtime_error("boom"); }

int failures = 0;
void Expect(bool condition, const std::string& what) {
  if (condition) return;
  std::fprintf(stderr, "check_driver_test: expectation failed: %s\n", what.c_str());
  ++failures;
}

}  // namespace
}  // namespace sandcheck

int main(int argc, char** argv) {
  using namespace sandcheck;
  testing::InitGoogleTest(&argc, argv);
  std::fprintf(stderr,
               "check_driver_test: the inner run below fails HOOK_002 and HOOK_003 on purpose\n");

  FakeSubstrate substrate(testing_support::ProtectedWorld());
  static const std::vector<CheckInfo> checks = {
      CheckCalling("HOOK-001", Passes), CheckCalling("HOOK-002", Fails),
      CheckCalling("HOOK-003", Throws),
      [] {
        CheckInfo needs = CheckCalling("HOOK-004", Passes);
        needs.required_capabilities = {CapabilityKind::kSandboxKernel};
        return needs;
      }(),
      CheckCalling("EGR-001", Passes, Family::kEgress)};
  std::vector<const CheckInfo*> selected;
  for (const auto& check : checks) selected.push_back(&check);
  Deployment deployment = testing_support::HooksDeployment("driver-deployment");
  RegisterCheckTests({deployment}, selected, substrate, RunOptions());
  auto* collector = new CheckResultCollector;
  testing::UnitTest::GetInstance()->listeners().Append(collector);

  int status = RUN_ALL_TESTS();

  std::map<std::string, Verdict> verdicts;
  for (const auto& collected : collector->results()) {
    Expect(collected.deployment == "driver-deployment", "deployment name " + collected.deployment);
    verdicts[collected.result.id] = collected.result.verdict;
  }
  Expect(status != 0, "RUN_ALL_TESTS reports the fail and error verdicts");
  Expect(verdicts.size() == 5, "one result per registered check");
  Expect(verdicts["HOOK-001"] == Verdict::kPass, "HOOK-001 passes");
  Expect(verdicts["HOOK-002"] == Verdict::kFail, "HOOK-002 fails");
  Expect(verdicts["HOOK-003"] == Verdict::kError, "HOOK-003 is an error");
  Expect(verdicts["HOOK-004"] == Verdict::kSkip, "HOOK-004 is skipped");
  Expect(verdicts["EGR-001"] == Verdict::kNotApplicable, "EGR-001 is not applicable");
  auto* unit = testing::UnitTest::GetInstance();
  Expect(unit->failed_test_count() == 2, "two failed tests");
  Expect(unit->skipped_test_count() == 2, "two skipped tests");
  Expect(unit->GetTestSuite(0)->name() == std::string("driver_deployment"), "suite name");
  Expect(unit->GetTestSuite(0)->GetTestInfo(0)->name() == std::string("HOOK_001"), "test name");
  Expect(substrate.live_sandboxes() == 0, "shared sandboxes released after the last check");
  Expect(substrate.acquired().size() == 1, "one shared sandbox for the hooks family");

  std::fprintf(stderr, "check_driver_test: %s\n", failures == 0 ? "OK" : "FAILED");
  return failures == 0 ? 0 : 1;
}
