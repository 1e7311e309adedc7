// Conclude: one way from a judgement to a verdict for every family.
#include "suites/framework/judgement.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sandcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(ConcludeTest, AJudgementThatCouldNotBeMadeIsAnError) {
  CheckResult result = Conclude(ResultBuilder("ISO-001"), Result<Judgement>(Fail("no section")));
  EXPECT_EQ(result.verdict, Verdict::kError);
  EXPECT_EQ(result.summary, "no section");
}

TEST(ConcludeTest, ProblemsBeatInconclusiveBeatUnobservableBeatPass) {
  Judgement judgement;
  judgement.holds = "it holds";
  EXPECT_EQ(Conclude(ResultBuilder("X-001"), judgement).summary, "it holds");
  EXPECT_EQ(Conclude(ResultBuilder("X-001"), judgement).verdict, Verdict::kPass);

  judgement.unobservable = "gVisor hides it";
  CheckResult skip = Conclude(ResultBuilder("X-001"), judgement);
  EXPECT_EQ(skip.verdict, Verdict::kSkip);
  EXPECT_EQ(skip.summary, "gVisor hides it");

  judgement.inconclusive = {"could not read a", "could not read b"};
  CheckResult error = Conclude(ResultBuilder("X-001"), judgement);
  EXPECT_EQ(error.verdict, Verdict::kError);
  EXPECT_EQ(error.summary, "could not tell: could not read a; could not read b");

  judgement.problems = {"leaked", "leaked again"};
  CheckResult fail = Conclude(ResultBuilder("X-001"), judgement);
  EXPECT_EQ(fail.verdict, Verdict::kFail);
  EXPECT_EQ(fail.summary, "leaked; leaked again");
}

TEST(ConcludeTest, EvidenceJoinsWhatTheCheckRecordedWithProblemsBeside) {
  ResultBuilder builder("CRED-003");
  builder.evidence()["home"] = "/home/agent";
  Judgement judgement;
  judgement.evidence = {{"paths", 2}};
  judgement.problems = {"readable"};
  CheckResult result = Conclude(std::move(builder), judgement);
  EXPECT_EQ(result.evidence["home"], "/home/agent");
  EXPECT_EQ(result.evidence["paths"], 2);
  EXPECT_THAT(result.evidence["problems"], ElementsAre("readable"));
  EXPECT_THAT(result.evidence["inconclusive"], IsEmpty());
}

TEST(ConcludeTest, TheKeyedFormNestsTheEvidenceAndWordsThePass) {
  Judgement judgement;
  judgement.evidence = nlohmann::json::array({"sentinel"});
  CheckResult result = Conclude(ResultBuilder("PERS-001"), judgement, "sentinels", "survived");
  EXPECT_EQ(result.verdict, Verdict::kPass);
  EXPECT_EQ(result.summary, "survived");
  EXPECT_EQ(result.evidence["sentinels"], nlohmann::json::array({"sentinel"}));
  EXPECT_THAT(result.evidence["problems"], IsEmpty());
}

}  // namespace
}  // namespace sandcheck
