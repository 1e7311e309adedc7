// Tests of the generic helpers the oci substrate added to core/.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mount.h>

#include "core/cleanup_stack.h"
#include "core/fs_util.h"
#include "core/mountinfo.h"
#include "core/temp_dir.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kMountInfo[] =
    "22 1 0:21 / /proc rw,nosuid - proc proc rw\n"
    "40 22 0:35 / /state/run/0a1b2c3d/sc-x/rootfs rw - overlay overlay rw,lowerdir=/a,upperdir=/b\n"
    "41 22 0:36 / /state/run/0a1b2c3d/sc-x/rootfs/dev rw shared:5 - tmpfs tmpfs rw\n"
    "42 22 0:37 / /state/run/0a1b2c3d2 rw - tmpfs tmpfs rw\n"
    "43 22 0:38 / /with\\040space rw - tmpfs my\\040src rw\n"
    "garbage line\n";

TEST(ParseMountInfo, ReadsMountPointTypeSourceAndOptions) {
  auto mounts = ParseMountInfo(kMountInfo);
  ASSERT_EQ(mounts.size(), 5u);
  EXPECT_EQ(mounts[1].mount_point, "/state/run/0a1b2c3d/sc-x/rootfs");
  EXPECT_EQ(mounts[1].fs_type, "overlay");
  EXPECT_EQ(mounts[1].super_options, "rw,lowerdir=/a,upperdir=/b");
  EXPECT_EQ(mounts[2].fs_type, "tmpfs");  // optional fields before "-" are skipped
  EXPECT_EQ(mounts[4].mount_point, "/with space");
  EXPECT_EQ(mounts[4].source, "my src");
}

TEST(MountsUnder, ListsDeepestFirstAndOnlyWholeComponents) {
  auto mounts = ParseMountInfo(kMountInfo);
  EXPECT_THAT(
      MountsUnder(mounts, "/state/run/0a1b2c3d/"),
      ElementsAre("/state/run/0a1b2c3d/sc-x/rootfs/dev", "/state/run/0a1b2c3d/sc-x/rootfs"));
}

TEST(TempDir, IsRemovedWithItsContentUnlessReleased) {
  std::filesystem::path removed, kept;
  {
    ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-tempdir-"));
    removed = dir.path();
    ASSERT_OK(WriteFile(removed / "file", "x", 0600));
    ASSERT_OK_AND_ASSIGN(TempDir other, TempDir::Create("sandcheck-tempdir-"));
    kept = other.Release();
  }
  EXPECT_FALSE(std::filesystem::exists(removed));
  EXPECT_TRUE(std::filesystem::exists(kept));
  std::filesystem::remove_all(kept);
}

TEST(RemoveTreeWithoutMounts, RefusesToDeleteThroughAMount) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-mounted-"));
  auto point = dir.path() / "mnt";
  std::filesystem::create_directory(point);
  ASSERT_EQ(::mount("tmpfs", point.c_str(), "tmpfs", 0, "size=1m"), 0) << std::strerror(errno);
  ASSERT_OK(WriteFile(point / "precious", "data", 0644));
  Status removed = RemoveTreeWithoutMounts(dir.path());
  EXPECT_FALSE(removed.ok());
  EXPECT_THAT(removed.message(), HasSubstr("still mounted"));
  EXPECT_TRUE(std::filesystem::exists(point / "precious"));
  ASSERT_EQ(::umount2(point.c_str(), 0), 0);
  EXPECT_OK(RemoveTreeWithoutMounts(dir.path()));
  EXPECT_FALSE(std::filesystem::exists(dir.path()));
}

TEST(WriteFile, SetsTheExactModeDespiteTheUmask) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-write-"));
  ASSERT_OK(WriteFile(dir.path() / "f", "abc", 0666));
  EXPECT_EQ(std::filesystem::status(dir.path() / "f").permissions(), std::filesystem::perms(0666));
  ASSERT_OK_AND_ASSIGN(std::string content, ReadFile(dir.path() / "f"));
  EXPECT_EQ(content, "abc");
}

TEST(CleanupStack, RunsNewestFirstAndEveryStepDespiteFailures) {
  std::vector<std::string> order;
  CleanupStack stack;
  stack.Push("first", [&] {
    order.push_back("first");
    return Status::Ok();
  });
  stack.Push("second", [&] {
    order.push_back("second");
    return Status(Fail("boom"));
  });
  stack.Push("third", [&] {
    order.push_back("third");
    return Status(Fail("bang"));
  });
  Status status = stack.RunAll();
  EXPECT_THAT(order, ElementsAre("third", "second", "first"));
  EXPECT_EQ(status.message(), "third: bang; second: boom");
  EXPECT_TRUE(stack.empty());
}

TEST(CleanupStack, RunsLeftoverStepsOnDestructionButNotDismissedOnes) {
  int runs = 0;
  {
    CleanupStack stack;
    stack.Push("count", [&] {
      ++runs;
      return Status::Ok();
    });
  }
  {
    CleanupStack stack;
    stack.Push("count", [&] {
      ++runs;
      return Status::Ok();
    });
    stack.Dismiss();
  }
  EXPECT_EQ(runs, 1);
}

}  // namespace
}  // namespace sandcheck
