#include "tools/probe/encoding.h"

#include <errno.h>
#include <gtest/gtest.h>

#include "tools/probe/needle_search.h"

namespace sandcheck::probe {
namespace {

TEST(ErrnoNameTest, NamesErrnoValues) {
  EXPECT_EQ(ErrnoName(EROFS), "EROFS");
  EXPECT_EQ(ErrnoName(EPERM), "EPERM");
  EXPECT_EQ(ErrnoName(0), "");
  EXPECT_EQ(ErrnoName(9999), "errno_9999");
}

TEST(Base64Test, MatchesRfc4648Vectors) {
  EXPECT_EQ(Base64(""), "");
  EXPECT_EQ(Base64("f"), "Zg==");
  EXPECT_EQ(Base64("fo"), "Zm8=");
  EXPECT_EQ(Base64("foo"), "Zm9v");
  EXPECT_EQ(Base64("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64(std::string("\xff\x00\x80", 3)), "/wCA");
}

TEST(Utf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii\n"));
  EXPECT_TRUE(IsValidUtf8("gr\xc3\xbc\xc3\x9f \xe2\x82\xac \xf0\x9f\x94\x92"));
}

TEST(Utf8Test, RejectsMalformedSequences) {
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xc3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xe2\x28\xa1"));      // bad continuation
  EXPECT_FALSE(IsValidUtf8(std::string("ELF\x7f\x02\x01\x01\x00\xe8", 9)));
}

TEST(NeedleSearchTest, FindsNeedlesWithinAndAcrossChunks) {
  NeedleSearch search({"SECRET-123", "other"});
  search.Feed("prefix SEC");
  EXPECT_FALSE(search.found()[0]);
  search.Feed("RET-1");
  search.Feed("23 suffix");
  EXPECT_TRUE(search.found()[0]);
  EXPECT_FALSE(search.found()[1]);
  search.Feed("an other one");
  EXPECT_TRUE(search.found()[1]);
}

TEST(NeedleSearchTest, ResetStartsANewStream) {
  NeedleSearch search({"abcdef"});
  search.Feed("xxabc");
  search.Reset();
  search.Feed("def");  // must not join the previous file's tail
  EXPECT_FALSE(search.found()[0]);
}

TEST(NeedleSearchTest, HandlesOneByteChunks) {
  NeedleSearch search({"needle"});
  for (char c : std::string("haystack with a needle in it")) search.Feed(std::string_view(&c, 1));
  EXPECT_TRUE(search.found()[0]);
}

}  // namespace
}  // namespace sandcheck::probe
