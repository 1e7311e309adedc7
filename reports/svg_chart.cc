#include "reports/svg_chart.h"

#include <fmt/format.h>

#include <cmath>

#include "reports/benchmark_stats.h"
#include "reports/html_escape.h"

namespace sandcheck::reports {
namespace {

// Layout in SVG user units; the chart scales to its container's width.
constexpr double kWidth = 1100;
constexpr double kLabelWidth = 200;
constexpr double kValuesWidth = 290;
constexpr double kPlotWidth = kWidth - kLabelWidth - kValuesWidth;
constexpr double kRowHeight = 34;
constexpr double kTop = 34;     // room for the legend
constexpr double kBottom = 30;  // room for the axis labels
constexpr int kTicks = 5;

struct Bar {
  const char* name;
  const char* css_class;
  double BenchmarkSummary::*value;
  double height;
};

// Widest first so the narrower, darker bars sit on top.
constexpr Bar kBars[] = {
    {"p99", "bar-p99", &BenchmarkSummary::p99_ms, 20},
    {"p90", "bar-p90", &BenchmarkSummary::p90_ms, 14},
    {"p50", "bar-p50", &BenchmarkSummary::p50_ms, 8},
};

std::string Legend() {
  std::string out;
  double x = kLabelWidth;
  for (const Bar& bar : kBars) {
    out += fmt::format(R"(<rect class="{}" x="{:.1f}" y="8" width="14" height="12" rx="2"/>)"
                       R"(<text class="legend" x="{:.1f}" y="18">{}</text>)",
                       bar.css_class, x, x + 19, bar.name);
    x += 70;
  }
  return out;
}

std::string Axis(double axis_max, double plot_bottom) {
  std::string out;
  for (int tick = 0; tick <= kTicks; ++tick) {
    double value = axis_max * tick / kTicks;
    double x = kLabelWidth + kPlotWidth * tick / kTicks;
    out += fmt::format(
        R"(<line class="grid" x1="{0:.1f}" y1="{1:.1f}" x2="{0:.1f}" y2="{2:.1f}"/>)"
        R"(<text class="tick" x="{0:.1f}" y="{3:.1f}" text-anchor="middle">{4:g} ms</text>)",
        x, kTop - 4, plot_bottom, plot_bottom + 16, value);
  }
  return out;
}

std::string Row(const std::string& name, const BenchmarkSummary& summary, double axis_max,
                double row_top) {
  double middle = row_top + kRowHeight / 2;
  std::string out = fmt::format(
      R"(<g class="series"><title>{0}: p50 {1:.2f} ms, p90 {2:.2f} ms, p99 {3:.2f} ms, )"
      R"({4} samples</title>)"
      R"(<text class="series-name" x="{5:.1f}" y="{6:.1f}" text-anchor="end">{0}</text>)",
      HtmlEscape(name), summary.p50_ms, summary.p90_ms, summary.p99_ms, summary.count,
      kLabelWidth - 10, middle + 4);
  for (const Bar& bar : kBars) {
    double width = kPlotWidth * (summary.*bar.value) / axis_max;
    out += fmt::format(R"(<rect class="{}" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" )"
                       R"(rx="2"/>)",
                       bar.css_class, kLabelWidth, middle - bar.height / 2, width, bar.height);
  }
  out += fmt::format(
      R"(<text class="values" x="{:.1f}" y="{:.1f}">p50 {:.1f} · p90 {:.1f} · p99 {:.1f} ms</text>)"
      R"(</g>)",
      kLabelWidth + kPlotWidth + 12, middle + 4, summary.p50_ms, summary.p90_ms, summary.p99_ms);
  return out;
}

}  // namespace

double NiceAxisMax(double value) {
  if (value <= 0) return 1;
  double power = std::pow(10.0, std::floor(std::log10(value)));
  for (double step : {1.0, 2.0, 5.0, 10.0}) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

std::string PercentileChartSvg(const std::map<std::string, std::vector<double>>& series_ms) {
  std::vector<std::pair<std::string, BenchmarkSummary>> rows;
  double largest = 0;
  for (const auto& [name, samples] : series_ms) {
    if (auto summary = Summarize(samples)) {
      rows.emplace_back(name, *summary);
      largest = std::max(largest, summary->p99_ms);
    }
  }
  if (rows.empty()) return "";
  double axis_max = NiceAxisMax(largest);
  double plot_bottom = kTop + kRowHeight * static_cast<double>(rows.size());
  double height = plot_bottom + kBottom;
  std::string out = fmt::format(
      R"(<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {:.0f} {:.0f}" )"
      R"(role="img" aria-labelledby="bench-chart-title"><title id="bench-chart-title">)"
      R"(Benchmark percentiles per series, in milliseconds</title>)",
      kWidth, height);
  out += Legend();
  out += Axis(axis_max, plot_bottom);
  for (size_t i = 0; i < rows.size(); ++i) {
    out += Row(rows[i].first, rows[i].second, axis_max, kTop + kRowHeight * static_cast<double>(i));
  }
  out += "</svg>";
  return out;
}

}  // namespace sandcheck::reports
