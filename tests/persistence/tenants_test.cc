// How a deployment's ${tenant} volume names become per-tenant volumes.
#include "suites/persistence/tenants.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sandcheck {
namespace {

Deployment WithVolumes(std::vector<VolumeMount> volumes) {
  Deployment deployment;
  deployment.volumes = std::move(volumes);
  return deployment;
}

TEST(IsMultiTenant, OnlyWhenAVolumeNameHoldsTheToken) {
  EXPECT_FALSE(IsMultiTenant(Deployment{}));
  EXPECT_FALSE(IsMultiTenant(WithVolumes({{"claude-data", "/home/agent/.claude"}})));
  EXPECT_TRUE(IsMultiTenant(WithVolumes(
      {{"claude-data", "/home/agent/.claude"}, {"workspace-${tenant}", "/workspace"}})));
}

TEST(ForTenant, ReplacesEveryTokenAndLeavesSharedVolumesShared) {
  Deployment scoped = ForTenant(WithVolumes({{"${tenant}-claude-${tenant}", "/home/agent/.claude"},
                                             {"shared-cache", "/cache"}}),
                                "sc-1234abcd-tenant-a");
  EXPECT_EQ(scoped.volumes[0].name, "sc-1234abcd-tenant-a-claude-sc-1234abcd-tenant-a");
  EXPECT_EQ(scoped.volumes[1].name, "shared-cache");
  EXPECT_EQ(scoped.volumes[0].target, "/home/agent/.claude");
}

TEST(ForTenant, ATenantNameHoldingTheTokenDoesNotLoop) {
  Deployment scoped = ForTenant(WithVolumes({{"v-${tenant}", "/v"}}), "${tenant}x");
  EXPECT_EQ(scoped.volumes[0].name, "v-${tenant}x");
}

}  // namespace
}  // namespace sandcheck
