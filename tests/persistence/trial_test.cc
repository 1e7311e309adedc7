// The persistence family's pure judgements over sentinel trials.
#include "suites/persistence/trial.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sandcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const Sentinel kSentinel{"/home/agent/.claude", "/home/agent/.claude/.sandcheck-sentinel-1",
                         "sandcheck-sentinel-1-x"};

Trial Written(std::optional<ReadFacts> read) {
  return Trial{kSentinel, WriteAttempt{true, "", {{"path", kSentinel.path}}}, std::move(read)};
}

Trial Unwritable() {
  return Trial{kSentinel, WriteAttempt{false, "exit 1: Permission denied", {}}, std::nullopt};
}

ReadFacts Found(std::string content = kSentinel.content) { return {true, "", content, false}; }
ReadFacts NotFound(std::string error = "ENOENT") { return {false, error, "", false}; }

TEST(Seen, OnlyTheSentinelsOwnContentCounts) {
  EXPECT_TRUE(Seen(Written(Found())));
  EXPECT_FALSE(Seen(Written(Found("something else"))));
  EXPECT_FALSE(Seen(Written(NotFound())));
  EXPECT_FALSE(Seen(Written(std::nullopt)));
}

TEST(JudgeSeen, PassesWhenEverySentinelIsBack) {
  Judgement judgement = JudgeSeen({Written(Found())}, "after re-create");
  EXPECT_THAT(judgement.problems, IsEmpty());
  EXPECT_THAT(judgement.inconclusive, IsEmpty());
  EXPECT_EQ(judgement.evidence[0]["read"]["content_matches"], true);
}

TEST(JudgeSeen, FailsOnALostOrChangedSentinelAndOnAWriteTheAgentCannotDo) {
  Judgement judgement =
      JudgeSeen({Written(NotFound()), Written(Found("other")), Unwritable()}, "after re-create");
  EXPECT_THAT(judgement.problems,
              ElementsAre(kSentinel.path + " is missing after re-create (ENOENT)",
                          kSentinel.path + " is missing after re-create (5 bytes of other content)",
                          "could not write " + kSentinel.path + ": exit 1: Permission denied"));
}

TEST(JudgeSeen, NothingToTestIsInconclusive) {
  EXPECT_THAT(JudgeSeen({}, "after re-create").inconclusive, ElementsAre(HasSubstr("no place")));
}

TEST(JudgeUnseen, PassesWhenTheSentinelIsGone) {
  Judgement judgement = JudgeUnseen({Written(NotFound())}, "after re-create");
  EXPECT_THAT(judgement.problems, IsEmpty());
  EXPECT_THAT(judgement.inconclusive, IsEmpty());
}

TEST(JudgeUnseen, FailsWhenTheSentinelIsStillThere) {
  Judgement judgement = JudgeUnseen({Written(Found())}, "in tenant B's sandbox");
  EXPECT_THAT(judgement.problems,
              ElementsAre(kSentinel.path + " is still there in tenant B's sandbox"));
}

TEST(JudgeUnseen, AnUnwritablePlaceHoldsNothingButNoWriteAtAllTestsNothing) {
  Judgement some = JudgeUnseen({Unwritable(), Written(NotFound())}, "after re-create");
  EXPECT_THAT(some.problems, IsEmpty());
  EXPECT_THAT(some.inconclusive, IsEmpty());
  Judgement none = JudgeUnseen({Unwritable()}, "after re-create");
  EXPECT_THAT(none.inconclusive, ElementsAre(HasSubstr("no sentinel could be written")));
}

TEST(JudgeUnseen, AReadFailureOtherThanEnoentIsInconclusive) {
  Judgement judgement = JudgeUnseen({Written(NotFound("EACCES"))}, "after re-create");
  EXPECT_THAT(judgement.inconclusive, ElementsAre(HasSubstr("EACCES")));
}

}  // namespace
}  // namespace sandcheck
