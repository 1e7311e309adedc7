#include "suites/hooks/decision.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sandcheck {
namespace {

using Kind = HookDecision::Kind;
using ::testing::HasSubstr;

ProcessOutcome Exit(int code, std::string out = "", std::string err = "") {
  ProcessOutcome outcome;
  outcome.exit_code = code;
  outcome.out = std::move(out);
  outcome.err = std::move(err);
  return outcome;
}

std::string Deny(std::string_view decision, std::string_view event = "PreToolUse") {
  return nlohmann::json{{"hookSpecificOutput",
                         {{"hookEventName", event},
                          {"permissionDecision", decision},
                          {"permissionDecisionReason", "policy"}}}}
      .dump();
}

TEST(DecidePreToolUse, Exit2Blocks) {
  HookDecision decision = DecidePreToolUse(Exit(2, "", "blocked: sudo"));
  EXPECT_EQ(decision.kind, Kind::kBlocked);
  EXPECT_EQ(decision.basis, "exit 2");
}

TEST(DecidePreToolUse, Exit2BlocksWhateverItsStdoutSays) {
  EXPECT_EQ(DecidePreToolUse(Exit(2, Deny("allow"))).kind, Kind::kBlocked);
}

TEST(DecidePreToolUse, Exit1IsANonBlockingErrorAndTheToolRuns) {
  HookDecision decision = DecidePreToolUse(Exit(1, "", "denied"));
  EXPECT_EQ(decision.kind, Kind::kError);
  EXPECT_FALSE(decision.Blocks());
  EXPECT_THAT(decision.basis, HasSubstr("exit 1"));
}

TEST(DecidePreToolUse, DenyJsonOnANonZeroExitIsIgnored) {
  // Claude Code reads JSON only on exit 0.
  EXPECT_FALSE(DecidePreToolUse(Exit(1, Deny("deny"))).Blocks());
  EXPECT_FALSE(DecidePreToolUse(Exit(3, Deny("deny"))).Blocks());
  EXPECT_FALSE(DecidePreToolUse(Exit(127, "", "not found")).Blocks());
}

TEST(DecidePreToolUse, TimeoutAndSignalAreErrorsThatDoNotBlock) {
  ProcessOutcome timed_out = Exit(-1);
  timed_out.timed_out = true;
  EXPECT_EQ(DecidePreToolUse(timed_out).kind, Kind::kError);
  ProcessOutcome killed = Exit(-1);
  killed.signaled = true;
  killed.term_signal = 9;
  EXPECT_EQ(DecidePreToolUse(killed).kind, Kind::kError);
}

TEST(DecidePreToolUse, Exit0WithoutOutputAllows) {
  HookDecision decision = DecidePreToolUse(Exit(0, "  \n"));
  EXPECT_EQ(decision.kind, Kind::kAllowed);
  EXPECT_EQ(decision.basis, "exit 0, no output");
}

TEST(DecidePreToolUse, PermissionDecisionDenyOnExit0Blocks) {
  HookDecision decision = DecidePreToolUse(Exit(0, Deny("deny") + "\n"));
  EXPECT_EQ(decision.kind, Kind::kBlocked);
  EXPECT_EQ(decision.basis, "exit 0, permissionDecision deny");
}

TEST(DecidePreToolUse, AskAllowAndDeferDoNotBlock) {
  for (const char* value : {"ask", "allow", "defer"}) {
    HookDecision decision = DecidePreToolUse(Exit(0, Deny(value)));
    EXPECT_EQ(decision.kind, Kind::kAllowed) << value;
    EXPECT_THAT(decision.basis, HasSubstr(value));
  }
}

TEST(DecidePreToolUse, DenyForAnotherEventIsNotADecision) {
  EXPECT_FALSE(DecidePreToolUse(Exit(0, Deny("deny", "PostToolUse"))).Blocks());
  std::string no_event = R"({"hookSpecificOutput": {"permissionDecision": "deny"}})";
  EXPECT_FALSE(DecidePreToolUse(Exit(0, no_event)).Blocks());
}

TEST(DecidePreToolUse, MalformedJsonOnExit0IsPlainOutputAndAllows) {
  HookDecision decision =
      DecidePreToolUse(Exit(0, R"({"hookSpecificOutput": {"permissionDecision": "deny")"));
  EXPECT_EQ(decision.kind, Kind::kAllowed);
  EXPECT_THAT(decision.basis, HasSubstr("plain output"));
  EXPECT_EQ(DecidePreToolUse(Exit(0, "BLOCKED: sudo is not allowed")).kind, Kind::kAllowed);
  EXPECT_EQ(DecidePreToolUse(Exit(0, R"(["deny"])")).kind, Kind::kAllowed);
}

TEST(DecidePreToolUse, DeprecatedTopLevelDecisionBlockStillBlocks) {
  // Deprecated for PreToolUse; "block" maps to deny (https://code.claude.com/docs/en/hooks).
  HookDecision decision = DecidePreToolUse(Exit(0, R"({"decision": "block", "reason": "no"})"));
  EXPECT_EQ(decision.kind, Kind::kBlocked);
  EXPECT_THAT(decision.basis, HasSubstr("deprecated"));
  EXPECT_EQ(DecidePreToolUse(Exit(0, R"({"decision": "approve"})")).kind, Kind::kAllowed);
}

TEST(DecidePreToolUse, PermissionDecisionWinsOverTheDeprecatedField) {
  std::string both = R"({"decision": "block",
    "hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "allow"}})";
  EXPECT_EQ(DecidePreToolUse(Exit(0, both)).kind, Kind::kAllowed);
}

TEST(DecidePreToolUse, ContinueFalseStopsBeforeTheToolRuns) {
  HookDecision decision = DecidePreToolUse(Exit(0, R"({"continue": false, "stopReason": "x"})"));
  EXPECT_EQ(decision.kind, Kind::kBlocked);
  EXPECT_EQ(DecidePreToolUse(Exit(0, R"({"continue": true})")).kind, Kind::kAllowed);
}

TEST(DecidePreToolUse, JsonWithoutADecisionAllows) {
  EXPECT_EQ(DecidePreToolUse(Exit(0, R"({"suppressOutput": true})")).kind, Kind::kAllowed);
}

}  // namespace
}  // namespace sandcheck
