// The allowlist-reload judge (EGR-016) over canned attempts: a replacing reload passes, an
// appending one fails naming the stale rule, and a state before the reload that shows nothing
// is an error, never a pass.
#include "suites/egress/allowlist_reload.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sandcheck::egress {
namespace {

using ::testing::HasSubstr;

HttpResponse Answer(int status) {
  HttpResponse response{.status = status};
  if (status == 403) response.headers["x-sandcheck-proxy"] = "refused";
  return response;
}

ReloadAttempt Attempt(std::string_view name, bool after, bool got_through) {
  bool should_pass = name == (after ? kReloadAdded : kReloadRemoved);
  return {std::string(name), after, should_pass, Answer(got_through ? 200 : 403), got_through};
}

// Before the reload the removed domain passes.
std::vector<ReloadAttempt> Reloads(bool removed_after, bool added_after) {
  return {Attempt(kReloadRemoved, false, true), Attempt(kReloadRemoved, true, removed_after),
          Attempt(kReloadAdded, true, added_after)};
}

TEST(AllowlistReload, AReloadThatReplacesTheRulesPasses) {
  ResultBuilder result("EGR-016");
  EXPECT_EQ(JudgeAllowlistReload(Reloads(false, true), result).verdict, Verdict::kPass);
}

TEST(AllowlistReload, AReloadThatOnlyAppendsFailsNamingTheStaleRule) {
  ResultBuilder result("EGR-016");
  CheckResult verdict = JudgeAllowlistReload(Reloads(true, true), result);
  EXPECT_EQ(verdict.verdict, Verdict::kFail);
  EXPECT_THAT(verdict.summary, HasSubstr("allowed.example.test, removed from the file, is still "
                                         "admitted after the reload: a stale rule"));
}

TEST(AllowlistReload, AnAddedDomainLeftRefusedFails) {
  ResultBuilder result("EGR-016");
  CheckResult verdict = JudgeAllowlistReload(Reloads(false, false), result);
  EXPECT_EQ(verdict.verdict, Verdict::kFail);
  EXPECT_THAT(verdict.summary,
              HasSubstr("denied.example.test, added to the file, is not reachable"));
}

TEST(AllowlistReload, ARequestTheProxyAnsweredButTheHostNeverGotIsNotAPass) {
  auto attempts = Reloads(false, true);
  attempts[2].host_received = false;
  ResultBuilder result("EGR-016");
  EXPECT_EQ(JudgeAllowlistReload(attempts, result).verdict, Verdict::kFail);
}

TEST(AllowlistReload, AnAllowlistThatNeverAdmittedTheRemovedDomainCannotShowAnything) {
  auto attempts = Reloads(false, true);
  attempts[0] = Attempt(kReloadRemoved, false, false);
  ResultBuilder result("EGR-016");
  CheckResult verdict = JudgeAllowlistReload(attempts, result);
  EXPECT_EQ(verdict.verdict, Verdict::kError);
  EXPECT_THAT(verdict.summary, HasSubstr("before the reload does not admit it"));
}

}  // namespace
}  // namespace sandcheck::egress
