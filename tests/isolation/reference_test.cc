// The hardened references hold every isolation promise on their runtime.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/isolation/family_runner.h"
#include "tests/test_util.h"

namespace sandcheck::isolation::testing {
namespace {

class ReferenceTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ReferenceTest, HoldsEveryIsolationPromise) {
  ASSERT_OK_AND_ASSIGN(OciSubstrate * substrate, SharedSubstrate());
  ASSERT_OK_AND_ASSIGN(Deployment deployment, LoadFixture(GetParam() + ".yaml"));
  if (substrate->Runtime(deployment.runtime) == nullptr) {
    GTEST_SKIP() << ToString(deployment.runtime) << " is not available here";
  }
  auto results = RunFamily(*substrate, deployment);
  ASSERT_EQ(results.size(), 21u);
  for (const auto& [id, result] : results) {
    RecordProperty(id, result.summary);  // what held, for the JUnit output
    Verdict expected = IsDocumentedSkip(deployment.runtime, id) ? Verdict::kSkip : Verdict::kPass;
    // ISO-021 compares a sandbox kernel with the host's; kernel: host has none to compare.
    if (id == "ISO-021" && deployment.kernel == KernelMode::kHost) {
      expected = Verdict::kNotApplicable;
    }
    EXPECT_EQ(result.verdict, expected)
        << id << " " << ToString(result.verdict) << ": " << result.summary << "\n"
        << result.evidence.dump(2);
  }
}

INSTANTIATE_TEST_SUITE_P(Isolation, ReferenceTest,
                         ::testing::Values("reference-runc", "reference-crun", "reference-runsc",
                                           // the harness mounts the proxy's CA into these
                                           "reference-runc-egress", "reference-runsc-egress"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace sandcheck::isolation::testing
