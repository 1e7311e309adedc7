// The family's registration: ids, statements, and negative controls that exist and parse.
#include "suites/isolation/isolation_checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "clusters/substrate_registry.h"
#include "core/deployment_parser.h"
#include "suites/framework/check_context.h"
#include "suites/framework/registry.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

std::filesystem::path NegativeDir() { return DefaultFixturesDir() / "deployments" / "negative"; }

TEST(IsolationChecks, AreNumberedInOrderAndAcceptedByTheRegistry) {
  auto checks = IsolationChecks();
  ASSERT_EQ(checks.size(), 21u);
  for (size_t i = 0; i < checks.size(); ++i) {
    EXPECT_EQ(checks[i].id, fmt::format("ISO-{:03}", i + 1));
    EXPECT_EQ(checks[i].family, Family::kIsolation) << checks[i].id;
    EXPECT_EQ(checks[i].phase, Phase::kIsolation) << checks[i].id;
    EXPECT_THAT(checks[i].must, ::testing::HasSubstr("MUST")) << checks[i].id;
  }
  CheckRegistry registry;
  EXPECT_OK(registry.AddAll(std::move(checks)));
}

TEST(IsolationChecks, EveryNegativeControlParsesAndPromisesIsolation) {
  for (const CheckInfo& check : IsolationChecks()) {
    for (const std::string& file : check.negative_controls) {
      auto deployment = ParseDeploymentFile(NegativeDir() / file, SubstrateTraitsCatalog());
      ASSERT_TRUE(deployment.ok()) << check.id << ": " << deployment.message();
      bool isolation =
          std::any_of(deployment->phases.begin(), deployment->phases.end(),
                      [](const PhaseAssignment& p) { return p.family == Family::kIsolation; });
      EXPECT_TRUE(isolation) << file << " assigns no phase to the isolation family";
    }
  }
}

TEST(IsolationChecks, EveryIsolationFixtureIsSomeChecksNegativeControl) {
  std::set<std::string> listed;
  for (const CheckInfo& check : IsolationChecks()) {
    listed.insert(check.negative_controls.begin(), check.negative_controls.end());
  }
  for (const auto& entry : std::filesystem::directory_iterator(NegativeDir())) {
    std::string name = entry.path().filename().string();
    if (name.starts_with("iso-") && name.ends_with(".yaml")) {
      EXPECT_TRUE(listed.contains(name)) << name << " is no check's negative control";
    }
  }
}

}  // namespace
}  // namespace sandcheck
