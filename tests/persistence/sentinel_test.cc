// Sentinel names and contents, and their host side (the other end of a bind mount) on the
// local host.
#include "suites/persistence/sentinel.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "clusters/local_host.h"
#include "core/temp_dir.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::MatchesRegex;
using ::testing::Ne;

TEST(NewSentinel, IsAFreshHiddenFileInTheDirectory) {
  Sentinel first = NewSentinel("/workspace");
  Sentinel second = NewSentinel("/workspace/");
  EXPECT_EQ(first.directory, "/workspace");
  EXPECT_THAT(first.path, MatchesRegex("/workspace/\\.sandcheck-sentinel-[0-9a-f]{16}"));
  EXPECT_THAT(second.path, MatchesRegex("/workspace/\\.sandcheck-sentinel-[0-9a-f]{16}"));
  EXPECT_THAT(first.content, MatchesRegex("sandcheck-sentinel-[0-9a-f]{16}-[0-9a-f]{16}"));
  EXPECT_THAT(first.content, Ne(second.content));
}

TEST(HostSide, WhatIsWrittenIsReadBackUnderTheSentinelsFileName) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-sentinel-"));
  Sentinel sentinel = NewSentinel("/workspace");
  LocalHost host;
  WriteAttempt write = WriteOnHost(host, dir.path(), sentinel);
  ASSERT_TRUE(write.ok) << write.failure;
  ReadFacts read = ReadOnHost(host, dir.path(), sentinel);
  EXPECT_TRUE(read.ok);
  EXPECT_EQ(read.content, sentinel.content);
  EXPECT_TRUE(
      std::filesystem::exists(dir.path() / std::filesystem::path(sentinel.path).filename()));
  EXPECT_EQ(OnHost(dir.path(), sentinel),
            dir.path() / std::filesystem::path(sentinel.path).filename());
}

TEST(HostSide, FailuresAreReportedNotThrown) {
  Sentinel sentinel = NewSentinel("/workspace");
  LocalHost host;
  WriteAttempt write = WriteOnHost(host, "/nonexistent/sandcheck", sentinel);
  EXPECT_FALSE(write.ok);
  EXPECT_FALSE(write.failure.empty());
  EXPECT_FALSE(ReadOnHost(host, "/nonexistent/sandcheck", sentinel).ok);
}

}  // namespace
}  // namespace sandcheck
