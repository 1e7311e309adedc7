#include "reports/html_escape.h"

#include <gtest/gtest.h>

namespace sandcheck::reports {
namespace {

TEST(HtmlEscapeTest, EscapesEveryCharacterThatCanEndTextOrAnAttribute) {
  EXPECT_EQ(HtmlEscape(R"(<a href="x" title='y'>&amp;</a>)"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
}

TEST(HtmlEscapeTest, LeavesOrdinaryTextAlone) {
  EXPECT_EQ(HtmlEscape("uid 1000 → ok"), "uid 1000 → ok");
  EXPECT_EQ(HtmlEscape(""), "");
}

TEST(HtmlEscapeTest, ScriptInjectionBecomesText) {
  std::string escaped = HtmlEscape("</pre><script>alert(1)</script>");
  EXPECT_EQ(escaped.find('<'), std::string::npos);
  EXPECT_EQ(escaped.find('>'), std::string::npos);
}

TEST(HtmlEscapeTest, ReplacesInvalidUtf8) { EXPECT_EQ(HtmlEscape("a\xFF<"), "a\xEF\xBF\xBD&lt;"); }

TEST(HtmlIdTest, KeepsSafeCharactersOnly) {
  EXPECT_EQ(HtmlId("reference-runc"), "reference-runc");
  EXPECT_EQ(HtmlId("seed 004/hooks\"><x"), "seed-004-hooks---x");
}

}  // namespace
}  // namespace sandcheck::reports
