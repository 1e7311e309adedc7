#include "reports/build_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace sandcheck::reports {
namespace {

using ::testing::HasSubstr;

Deployment Named(std::string name, RuntimeKind runtime) {
  Deployment deployment;
  deployment.name = std::move(name);
  deployment.runtime = runtime;
  return deployment;
}

DeploymentCheckResult Collected(std::string deployment, std::string id) {
  DeploymentCheckResult collected;
  collected.deployment = std::move(deployment);
  collected.result.id = std::move(id);
  return collected;
}

TEST(GroupByDeploymentTest, OneSectionPerDeploymentInRunOrder) {
  std::vector<Deployment> deployments = {Named("b", RuntimeKind::kRunsc),
                                         Named("a", RuntimeKind::kRunc)};
  std::vector<DeploymentCheckResult> results = {
      Collected("a", "ISO-001"), Collected("b", "ISO-001"), Collected("a", "ISO-002")};
  ASSERT_OK_AND_ASSIGN(auto sections,
                       GroupByDeployment(deployments, results, {{"runsc", "release-1"}}));
  ASSERT_EQ(sections.size(), 2u);
  EXPECT_EQ(sections[0].deployment.name, "b");
  EXPECT_EQ(sections[0].runtime, "runsc");
  EXPECT_EQ(sections[0].runtime_version, "release-1");
  EXPECT_EQ(sections[0].substrate, "oci");
  ASSERT_EQ(sections[0].results.size(), 1u);
  EXPECT_EQ(sections[1].deployment.name, "a");
  EXPECT_EQ(sections[1].runtime_version, "unknown");
  ASSERT_EQ(sections[1].results.size(), 2u);
  EXPECT_EQ(sections[1].results[1].id, "ISO-002");
}

TEST(GroupByDeploymentTest, AResultOfAnUnknownDeploymentIsAnError) {
  auto sections =
      GroupByDeployment({Named("a", RuntimeKind::kRunc)}, {Collected("ghost", "ISO-001")}, {});
  ASSERT_FALSE(sections.ok());
  EXPECT_THAT(sections.message(), HasSubstr("ghost"));
}

}  // namespace
}  // namespace sandcheck::reports
