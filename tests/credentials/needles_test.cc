// Which values the credentials family searches for, and which deployment variables hand them over.
#include "suites/credentials/needles.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sandcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const std::vector<Canary> kCanaries = {
    {CanarySource::kEnvironment, "GH_TOKEN", "sccanaryaaaa", "ghp_sccanaryaaaa"},
    {CanarySource::kEnvironment, "CLAUDE_CREDENTIALS", "sccanarybbbb", "{\"t\":\"sccanarybbbb\"}"},
    {CanarySource::kHomeFile, ".aws/credentials", "sccanarycccc", "key = sccanarycccc"},
};

TEST(BuildNeedles, SearchesForEveryHostCanary) {
  NeedleCatalog catalog = BuildNeedles(kCanaries, Deployment{});
  ASSERT_EQ(catalog.needles.size(), 3u);
  for (size_t i = 0; i < kCanaries.size(); ++i) {
    EXPECT_EQ(catalog.needles[i].value, kCanaries[i].secret);
    EXPECT_EQ(catalog.needles[i].origin, Describe(kCanaries[i]));
    EXPECT_TRUE(catalog.needles[i].host_canary);
    EXPECT_THAT(catalog.needles[i].handed_over_by, IsEmpty());
  }
  EXPECT_THAT(HandedOverVariables(catalog), IsEmpty());
}

TEST(BuildNeedles, RecordsWhichVariablesHandACanaryOverAndWhetherTheyAreUnset) {
  Deployment deployment;
  deployment.env["GH_TOKEN"] = "ghp_sccanaryaaaa";
  deployment.env["CLAUDE_CREDENTIALS"] = "{\"t\":\"sccanarybbbb\"}";
  deployment.env_unset_before_exec = {"CLAUDE_CREDENTIALS"};
  NeedleCatalog catalog = BuildNeedles(kCanaries, deployment);
  ASSERT_EQ(catalog.needles.size(), 3u);
  EXPECT_THAT(catalog.needles[0].handed_over_by, ElementsAre("GH_TOKEN"));
  EXPECT_FALSE(catalog.needles[0].unset_before_exec);
  EXPECT_THAT(catalog.needles[1].handed_over_by, ElementsAre("CLAUDE_CREDENTIALS"));
  EXPECT_TRUE(catalog.needles[1].unset_before_exec);
  EXPECT_THAT(HandedOverVariables(catalog), ElementsAre("CLAUDE_CREDENTIALS", "GH_TOKEN"));
}

TEST(BuildNeedles, AddsLiteralCredentialsTheDeploymentUnsets) {
  Deployment deployment;
  deployment.env["CLAUDE_CODE_OAUTH_TOKEN"] = "sandcheck-canary-oauth-token";
  deployment.env["SHORT"] = "1234";
  deployment.env["KEPT"] = "not-a-credential-value";
  deployment.env_unset_before_exec = {"CLAUDE_CODE_OAUTH_TOKEN", "SHORT", "NEVER_SET"};
  NeedleCatalog catalog = BuildNeedles(kCanaries, deployment);
  ASSERT_EQ(catalog.needles.size(), 4u);
  const Needle& literal = catalog.needles[3];
  EXPECT_EQ(literal.value, "sandcheck-canary-oauth-token");
  EXPECT_EQ(literal.origin, "deployment env CLAUDE_CODE_OAUTH_TOKEN");
  EXPECT_FALSE(literal.host_canary);
  EXPECT_TRUE(literal.unset_before_exec);
  EXPECT_THAT(catalog.too_short, ElementsAre("SHORT"));
  EXPECT_THAT(HandedOverVariables(catalog), ElementsAre("CLAUDE_CODE_OAUTH_TOKEN", "SHORT"));
}

}  // namespace
}  // namespace sandcheck
