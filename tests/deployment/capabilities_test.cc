// Deployment::EffectiveCapabilities over capabilities as the parser normalises them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "clusters/substrate_registry.h"
#include "core/deployment_parser.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;

Result<std::vector<std::string>> Effective(const std::string& capabilities) {
  auto deployment = ParseDeploymentText(
      "sandcheck: 1\nname: caps\nsubstrate: oci\nruntime: runc\nimage: busybox\n"
      "user: {uid: 1000, gid: 1000}\n" +
          capabilities,
      "caps.yaml", "/", SubstrateTraitsCatalog());
  if (!deployment.ok()) return deployment.error();
  return deployment->EffectiveCapabilities();
}

std::vector<std::string> Sorted(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  return names;
}

TEST(EffectiveCapabilities, WithoutCapabilitiesKeyIsDockersDefaultSet) {
  ASSERT_OK_AND_ASSIGN(auto caps, Effective(""));
  EXPECT_EQ(caps, Sorted(DefaultCapabilities()));
}

TEST(EffectiveCapabilities, DropAllLeavesNone) {
  ASSERT_OK_AND_ASSIGN(auto caps, Effective("capabilities: {drop: [ALL]}\n"));
  EXPECT_THAT(caps, IsEmpty());
}

TEST(EffectiveCapabilities, DropAllThenAddKeepsOnlyTheAdded) {
  ASSERT_OK_AND_ASSIGN(auto caps,
                       Effective("capabilities: {drop: [all], add: [net_bind_service, CHOWN]}\n"));
  EXPECT_THAT(caps, ElementsAre("CAP_CHOWN", "CAP_NET_BIND_SERVICE"));
}

TEST(EffectiveCapabilities, DropOneRemovesItFromTheDefaults) {
  ASSERT_OK_AND_ASSIGN(auto caps, Effective("capabilities: {drop: [net_raw]}\n"));
  EXPECT_THAT(caps, Not(Contains("CAP_NET_RAW")));
  EXPECT_EQ(caps.size(), DefaultCapabilities().size() - 1);
}

TEST(EffectiveCapabilities, AddBeyondTheDefaults) {
  ASSERT_OK_AND_ASSIGN(auto caps, Effective("capabilities: {add: [SYS_PTRACE]}\n"));
  EXPECT_THAT(caps, Contains("CAP_SYS_PTRACE"));
  EXPECT_EQ(caps.size(), DefaultCapabilities().size() + 1);
}

TEST(EffectiveCapabilities, AddAllGrantsEveryCapability) {
  ASSERT_OK_AND_ASSIGN(auto caps, Effective("capabilities: {add: [ALL]}\n"));
  EXPECT_EQ(caps, Sorted(AllCapabilities()));
}

TEST(EffectiveCapabilities, DroppingACapabilityOutsideTheDefaultsChangesNothing) {
  ASSERT_OK_AND_ASSIGN(auto caps, Effective("capabilities: {drop: [SYS_ADMIN]}\n"));
  EXPECT_EQ(caps, Sorted(DefaultCapabilities()));
}

}  // namespace
}  // namespace sandcheck
