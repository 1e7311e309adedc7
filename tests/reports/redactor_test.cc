#include "reports/redactor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sandcheck::reports {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(RedactorTest, ReplacesEveryOccurrenceOfASecret) {
  Redactor redactor({"hunter2"});
  EXPECT_EQ(redactor.Redact("pw=hunter2; again hunter2"), "pw=[REDACTED]; again [REDACTED]");
}

TEST(RedactorTest, LongerSecretWinsOverItsPrefix) {
  Redactor redactor({"abc", "abcdef"});
  EXPECT_EQ(redactor.Redact("xabcdefx abcx"), "x[REDACTED]x [REDACTED]x");
}

TEST(RedactorTest, NeverRedactsInsideItsOwnMarker) {
  Redactor redactor({"secret", "ACT"});
  EXPECT_EQ(redactor.Redact("secret ACT"), "[REDACTED] [REDACTED]");
}

TEST(RedactorTest, IgnoresEmptySecrets) {
  Redactor redactor({""});
  EXPECT_EQ(redactor.Redact("nothing to hide"), "nothing to hide");
}

TEST(RedactorTest, CatchesAnthropicKeysNobodyListed) {
  Redactor redactor({});
  EXPECT_EQ(redactor.Redact("key=sk-ant-api03-Ab_cD-09xyz end"), "key=[REDACTED] end");
}

TEST(RedactorTest, CatchesGithubTokensNobodyListed) {
  Redactor redactor({});
  std::string token = "ghp_" + std::string(36, 'a');
  EXPECT_EQ(redactor.Redact("Authorization: token " + token), "Authorization: token [REDACTED]");
  for (std::string prefix : {"gho_", "ghu_", "ghs_", "ghr_"}) {
    EXPECT_EQ(redactor.Redact(prefix + std::string(20, 'Z')), "[REDACTED]") << prefix;
  }
  // Too short to be a token: left alone rather than shredding ordinary words.
  EXPECT_EQ(redactor.Redact("ghp_short"), "ghp_short");
}

TEST(RedactorTest, RedactsJsonKeysAndValuesAtAnyDepth) {
  Redactor redactor({"CANARY"});
  nlohmann::json evidence = {{"outer", {{"list", {"a", "xCANARYx", 3}}, {"CANARY-key", "v"}}},
                             {"number", 7},
                             {"flag", true}};
  nlohmann::json redacted = redactor.RedactJson(evidence);
  EXPECT_THAT(redacted.dump(), Not(HasSubstr("CANARY")));
  EXPECT_EQ(redacted["outer"]["list"][1], "x[REDACTED]x");
  EXPECT_EQ(redacted["outer"]["[REDACTED]-key"], "v");
  EXPECT_EQ(redacted["number"], 7);
  EXPECT_EQ(redacted["flag"], true);
}

TEST(RedactorTest, KeysThatRedactAlikeKeepBothValues) {
  Redactor redactor({"one", "two"});
  nlohmann::json redacted = redactor.RedactJson({{"one", 1}, {"two", 2}});
  EXPECT_EQ(redacted.size(), 2u);
}

}  // namespace
}  // namespace sandcheck::reports
