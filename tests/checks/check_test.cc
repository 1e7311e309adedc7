#include "suites/framework/check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace sandcheck {
namespace {

TEST(CheckResult, AResultNobodyFilledInIsAnError) {
  CheckResult result;
  EXPECT_EQ(result.verdict, Verdict::kError);
  EXPECT_EQ(result.summary, "the check produced no verdict");
}

TEST(ResultBuilder, EachFinishingCallSetsItsVerdictAndKeepsEvidence) {
  ResultBuilder builder("HOOK-001");
  builder.evidence()["seen"] = 3;
  CheckResult failed = builder.Fail("two problems");
  EXPECT_EQ(failed.id, "HOOK-001");
  EXPECT_EQ(failed.verdict, Verdict::kFail);
  EXPECT_EQ(failed.summary, "two problems");
  EXPECT_EQ(failed.evidence["seen"], 3);
  EXPECT_EQ(ResultBuilder("X").Error(Error{"broke"}).summary, "broke");
  EXPECT_EQ(ResultBuilder("X").Skip("no runsc").verdict, Verdict::kSkip);
  EXPECT_EQ(ResultBuilder("X").NotApplicable("n/a").verdict, Verdict::kNotApplicable);
  EXPECT_EQ(ResultBuilder("X").Pass("fine").verdict, Verdict::kPass);
}

TEST(CheckResult, RoundTripsThroughJson) {
  ResultBuilder builder("ISO-003");
  builder.evidence()["uid"] = 1000;
  CheckResult result = builder.Fail("writable");
  result.artifacts = {"/tmp/a/requests.json"};
  result.elapsed = std::chrono::milliseconds(42);
  ASSERT_OK_AND_ASSIGN(CheckResult back, CheckResultFromJson(ToJson(result)));
  EXPECT_EQ(back.id, "ISO-003");
  EXPECT_EQ(back.verdict, Verdict::kFail);
  EXPECT_EQ(back.summary, "writable");
  EXPECT_EQ(back.evidence, result.evidence);
  EXPECT_EQ(back.artifacts, result.artifacts);
  EXPECT_EQ(back.elapsed, std::chrono::milliseconds(42));
}

TEST(CheckResult, JsonWithoutAKnownVerdictIsRejected) {
  EXPECT_FALSE(CheckResultFromJson({{"id", "X"}, {"verdict", "passed"}}).ok());
  EXPECT_FALSE(CheckResultFromJson(nlohmann::json::array()).ok());
}

TEST(CheckId, FollowsThePattern) {
  EXPECT_TRUE(IsValidCheckId("HOOK-001"));
  EXPECT_TRUE(IsValidCheckId("ISO-123"));
  EXPECT_TRUE(IsValidCheckId("EGRES-999"));
  EXPECT_FALSE(IsValidCheckId("HO-001"));
  EXPECT_FALSE(IsValidCheckId("HOOKSS-001"));
  EXPECT_FALSE(IsValidCheckId("hook-001"));
  EXPECT_FALSE(IsValidCheckId("HOOK-01"));
  EXPECT_FALSE(IsValidCheckId("HOOK-0001"));
  EXPECT_FALSE(IsValidCheckId("HOOK-001 "));
}

TEST(Names, FamiliesAndVerdictsParseBack) {
  for (Family family : AllFamilies()) EXPECT_EQ(ParseFamily(ToString(family)), family);
  EXPECT_EQ(ParseFamily("hook"), std::nullopt);
  EXPECT_EQ(ParseVerdict("not-applicable"), Verdict::kNotApplicable);
}

}  // namespace
}  // namespace sandcheck
