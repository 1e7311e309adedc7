// SharedSandboxes' per-family state: the shared sandbox, and what a family's checks hand one
// another.
#include "suites/framework/shared_sandboxes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

#include "tests/checks/fake_substrate.h"

namespace sandcheck {
namespace {

using testing_support::FakeSubstrate;
using testing_support::HooksDeployment;
using testing_support::ProtectedWorld;

// Counts how many are alive, to show when a hand-off is destroyed.
struct Counted {
  static inline int alive = 0;
  Counted() { ++alive; }
  ~Counted() { --alive; }
  int value = 0;
};

class SharedSandboxesTest : public ::testing::Test {
 protected:
  SharedSandboxesTest() : substrate_(ProtectedWorld()), shared_(deployment_, substrate_) {}

  Deployment deployment_ = HooksDeployment();
  FakeSubstrate substrate_;
  SharedSandboxes shared_;
};

TEST_F(SharedSandboxesTest, AFamilysChecksShareOneHandOffMadeOnFirstUse) {
  shared_.HandOff<Counted>(Family::kPersistence).value = 7;
  EXPECT_EQ(shared_.HandOff<Counted>(Family::kPersistence).value, 7);
  EXPECT_EQ(shared_.HandOff<Counted>(Family::kHooks).value, 0) << "one per family";
  EXPECT_EQ(Counted::alive, 2);
}

TEST_F(SharedSandboxesTest, AHandOffGoesWithItsFamilyAndItsSandboxes) {
  shared_.HandOff<Counted>(Family::kPersistence);
  shared_.HandOff<Counted>(Family::kHooks);
  ASSERT_TRUE(shared_.For(Family::kPersistence).ok());
  EXPECT_EQ(substrate_.live_sandboxes(), 1);

  shared_.ReleaseFamily(Family::kPersistence);
  EXPECT_EQ(Counted::alive, 1) << "the other family's is kept";
  EXPECT_EQ(substrate_.live_sandboxes(), 0);
  EXPECT_EQ(shared_.HandOff<Counted>(Family::kPersistence).value, 0) << "made anew";

  shared_.ReleaseAll();
  EXPECT_EQ(Counted::alive, 0);
}

TEST_F(SharedSandboxesTest, AFamilyHandsOffOneTypeOnly) {
  shared_.HandOff<Counted>(Family::kPersistence);
  EXPECT_THROW(shared_.HandOff<int>(Family::kPersistence), std::logic_error);
  shared_.ReleaseAll();
}

TEST_F(SharedSandboxesTest, TheSharedSandboxIsAcquiredOnce) {
  ASSERT_TRUE(shared_.For(Family::kHooks).ok());
  ASSERT_TRUE(shared_.For(Family::kHooks).ok());
  EXPECT_EQ(substrate_.acquired().size(), 1u);
  shared_.ReleaseAll();
  EXPECT_EQ(substrate_.live_sandboxes(), 0);
}

TEST_F(SharedSandboxesTest, AFailedAcquireIsRememberedNotRetried) {
  substrate_.world().acquire_error = "no runtime";
  auto first = shared_.For(Family::kHooks);
  auto second = shared_.For(Family::kHooks);
  ASSERT_FALSE(first.ok());
  ASSERT_FALSE(second.ok());
  EXPECT_THAT(second.message(), ::testing::HasSubstr("no runtime"));
  EXPECT_EQ(substrate_.acquired().size(), 1u);
}

}  // namespace
}  // namespace sandcheck
