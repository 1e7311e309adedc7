#include "core/run_id.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/temp_dir.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

TEST(RunId, GeneratedIdsParseBackAndDiffer) {
  RunId a = RunId::Generate();
  RunId b = RunId::Generate();
  EXPECT_NE(a.str(), b.str());
  ASSERT_OK_AND_ASSIGN(RunId parsed, RunId::Parse(a.str()));
  EXPECT_EQ(parsed, a);
}

TEST(RunId, RejectsMalformedIds) {
  EXPECT_FALSE(RunId::Parse("XYZ").ok());
  EXPECT_FALSE(RunId::Parse("0123456g").ok());
  EXPECT_FALSE(RunId::Parse("0123456789").ok());
}

TEST(ResourceName, CarriesTheRunIdAndACleanPurpose) {
  ASSERT_OK_AND_ASSIGN(RunId run, RunId::Parse("0a1b2c3d"));
  EXPECT_EQ(ResourceName(run, "Probe Sandbox/1"), "sc-0a1b2c3d-probe-sandbox-1");
  auto back = RunIdOfResource("sc-0a1b2c3d-probe-sandbox-1");
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, run);
}

TEST(ResourceName, ForeignNamesHaveNoRunId) {
  EXPECT_FALSE(RunIdOfResource("my-container").has_value());
  EXPECT_FALSE(RunIdOfResource("sc-nothex00-x").has_value());
  EXPECT_FALSE(RunIdOfResource("sc-0a1b2c3dx").has_value());
}

TEST(RunLock, HeldLockIsNotAbandonedReleasedLockIs) {
  ASSERT_OK_AND_ASSIGN(TempDir locks, TempDir::Create("sandcheck-runlock-test-"));
  const auto& dir = locks.path();
  RunId run = RunId::Generate();
  {
    ASSERT_OK_AND_ASSIGN(RunLock lock, RunLock::Acquire(dir, run));
    EXPECT_FALSE(RunLock::IsAbandoned(dir, run));
    EXPECT_FALSE(RunLock::Acquire(dir, run).ok());
  }
  EXPECT_TRUE(RunLock::IsAbandoned(dir, run));
}

}  // namespace
}  // namespace sandcheck
