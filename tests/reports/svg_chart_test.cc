#include "reports/svg_chart.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sandcheck::reports {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

size_t Count(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

TEST(NiceAxisMaxTest, RoundsUpToOneTwoOrFive) {
  EXPECT_DOUBLE_EQ(NiceAxisMax(720), 1000);
  EXPECT_DOUBLE_EQ(NiceAxisMax(171), 200);
  EXPECT_DOUBLE_EQ(NiceAxisMax(45), 50);
  EXPECT_DOUBLE_EQ(NiceAxisMax(100), 100);
  EXPECT_DOUBLE_EQ(NiceAxisMax(0.3), 0.5);
  EXPECT_DOUBLE_EQ(NiceAxisMax(0), 1);
}

TEST(PercentileChartSvgTest, NothingToDrawWithoutSamples) {
  EXPECT_EQ(PercentileChartSvg({}), "");
  EXPECT_EQ(PercentileChartSvg({{"empty", {}}}), "");
}

TEST(PercentileChartSvgTest, ThreeBarsPerSeriesAndAnAccessibleTitle) {
  std::string svg = PercentileChartSvg({{"runc", {10, 20, 30}}, {"runsc", {50, 60, 70}}});
  EXPECT_THAT(svg, HasSubstr("<svg "));
  EXPECT_THAT(svg, HasSubstr(R"(role="img")"));
  EXPECT_THAT(svg, HasSubstr("<title"));
  // One legend swatch plus one bar per series for each percentile.
  EXPECT_EQ(Count(svg, R"(class="bar-p50")"), 3u);
  EXPECT_EQ(Count(svg, R"(class="bar-p99")"), 3u);
  EXPECT_THAT(svg, HasSubstr(">runsc<"));
}

TEST(PercentileChartSvgTest, EscapesSeriesNames) {
  std::string svg = PercentileChartSvg({{"<b>&", {1}}});
  EXPECT_THAT(svg, HasSubstr("&lt;b&gt;&amp;"));
  EXPECT_THAT(svg, Not(HasSubstr("<b>")));
}

}  // namespace
}  // namespace sandcheck::reports
