#include "reports/text.h"

#include <gtest/gtest.h>

namespace sandcheck::reports {
namespace {

TEST(MarkupSafeTest, KeepsValidTextAndReplacesInvalidBytes) {
  EXPECT_EQ(MarkupSafe("plain ascii"), "plain ascii");
  EXPECT_EQ(MarkupSafe("caf\xC3\xA9 \xE2\x9C\x93"), "caf\xC3\xA9 \xE2\x9C\x93");
  EXPECT_EQ(MarkupSafe("a\xFFz"), "a\xEF\xBF\xBDz");
  EXPECT_EQ(MarkupSafe("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  EXPECT_EQ(MarkupSafe("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(MarkupSafe("cut \xE2\x9C"), "cut \xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(MarkupSafeTest, ReplacesCharactersXmlAndHtmlForbid) {
  EXPECT_EQ(MarkupSafe("tab\tnewline\ncr\r"), "tab\tnewline\ncr\r");
  EXPECT_EQ(MarkupSafe("bell\x07"), "bell\xEF\xBF\xBD");
  EXPECT_EQ(MarkupSafe(std::string("nul\0", 4)), "nul\xEF\xBF\xBD");
  EXPECT_EQ(MarkupSafe("\xEF\xBF\xBF"), "\xEF\xBF\xBD");  // U+FFFF
}

TEST(TruncateTest, CutsOnCodePointsAndMarksTheCut) {
  EXPECT_EQ(Truncate("short", 10), "short");
  EXPECT_EQ(Truncate("exactly", 7), "exactly");
  EXPECT_EQ(Truncate("abcdef", 3), "abc…");
  EXPECT_EQ(Truncate("\xC3\xA9\xC3\xA9\xC3\xA9", 2), "\xC3\xA9\xC3\xA9…");
}

}  // namespace
}  // namespace sandcheck::reports
