#include "reports/html_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "tests/reports/sample_report.h"

namespace sandcheck::reports {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class HtmlWriterTest : public ::testing::Test {
 protected:
  std::string html_ = HtmlReport(testing::SampleReport("/src"), 1, ReportOptions{});
};

TEST_F(HtmlWriterTest, CountsEveryVerdictAtTheTop) {
  EXPECT_THAT(html_, HasSubstr(R"(data-verdict="fail"><span class="n">3</span>)"));
  EXPECT_THAT(html_, HasSubstr(R"(data-verdict="pass"><span class="n">5</span>)"));
  EXPECT_THAT(html_, HasSubstr(R"(data-verdict="not-applicable"><span class="n">2</span>)"));
  EXPECT_THAT(html_, HasSubstr("Gate failed (exit 1)"));
}

TEST(HtmlGateTest, APassWithSkipsSaysSo) {
  RunReport report = testing::SampleReport("/src");
  for (auto& section : report.deployments) {
    std::erase_if(section.results, [](const CheckResult& result) {
      return result.verdict == Verdict::kFail || result.verdict == Verdict::kError;
    });
  }
  EXPECT_THAT(HtmlReport(report, 0, ReportOptions{}),
              HasSubstr("Gate passed (exit 0): nothing failed, but 2 skipped checks"));
  for (auto& section : report.deployments) {
    std::erase_if(section.results,
                  [](const CheckResult& result) { return result.verdict == Verdict::kSkip; });
  }
  EXPECT_THAT(HtmlReport(report, 0, ReportOptions{}),
              HasSubstr("Gate passed (exit 0): every check held or did not apply"));
}

TEST_F(HtmlWriterTest, FailuresComeBeforeTheDeployments) {
  size_t failures = html_.find(R"(id="failures")");
  size_t first_deployment = html_.find(R"(class="deployment")");
  ASSERT_NE(failures, std::string::npos);
  ASSERT_NE(first_deployment, std::string::npos);
  EXPECT_LT(failures, first_deployment);
  // Worst first: the critical CRED-001 failure leads the table.
  EXPECT_LT(html_.find(R"(<tr data-check="CRED-001">)"),
            html_.find(R"(<tr data-check="HOOK-001">)"));
}

TEST_F(HtmlWriterTest, HasAPhaseFamilyMatrixPerDeployment) {
  EXPECT_THAT(html_, HasSubstr(R"(id="matrix-0")"));
  EXPECT_THAT(html_, HasSubstr(R"(id="matrix-1")"));
  EXPECT_THAT(html_, HasSubstr(">03 portability</th>"));
  EXPECT_THAT(html_, HasSubstr(R"(<span class="state">broken</span>1 broken)"));
}

TEST_F(HtmlWriterTest, ComparesDeploymentsSideBySide) {
  EXPECT_THAT(html_, HasSubstr(R"(id="comparison")"));
  EXPECT_THAT(html_, HasSubstr(R"(<span class="differs">differs</span>)"));
  RunReport single = testing::SampleReport("/src");
  single.deployments.pop_back();
  EXPECT_THAT(HtmlReport(single, 1, ReportOptions{}), Not(HasSubstr(R"(id="comparison")")));
}

TEST_F(HtmlWriterTest, ChecksAreCollapsibleWithMustEvidenceAndRemediation) {
  EXPECT_THAT(
      html_,
      HasSubstr(
          R"(<details class="check verdict-fail" id="deployment-0-reference-runc-CRED-001" data-check="CRED-001" open>)"));
  EXPECT_THAT(html_, HasSubstr(R"(<details class="check verdict-pass")"));
  EXPECT_THAT(html_, HasSubstr("No host credential MUST be readable"));
  EXPECT_THAT(html_, HasSubstr("How to fix CRED-001"));
  EXPECT_THAT(html_, HasSubstr("&quot;path&quot;: &quot;/home/agent/.aws/credentials&quot;"));
}

TEST_F(HtmlWriterTest, ChartsBenchmarksWhenPresent) {
  EXPECT_THAT(html_, HasSubstr(R"(id="benchmarks")"));
  EXPECT_THAT(html_, HasSubstr("<svg class=\"chart\""));
  RunReport no_bench = testing::SampleReport("/src");
  no_bench.benchmarks_ms.clear();
  EXPECT_THAT(HtmlReport(no_bench, 1, ReportOptions{}), Not(HasSubstr(R"(id="benchmarks")")));
}

TEST_F(HtmlWriterTest, ShowsTheEnvironmentButNoEnvironmentValues) {
  EXPECT_THAT(html_, HasSubstr(R"(id="environment")"));
  EXPECT_THAT(html_, HasSubstr("6.1.0-28-amd64"));
  EXPECT_THAT(html_, HasSubstr("HTTPS_PROXY"));
  EXPECT_THAT(html_, Not(HasSubstr("proxy.world:3128")));
}

TEST_F(HtmlWriterTest, EscapesRunStrings) {
  EXPECT_THAT(html_, Not(HasSubstr("<script>alert")));
  EXPECT_THAT(html_, HasSubstr("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
}

TEST_F(HtmlWriterTest, IsSelfContained) {
  // Nothing may load: no src attributes, no links or imports to other documents. The
  // only URL is the SVG namespace, which is an identifier, not a fetch.
  EXPECT_THAT(html_, Not(HasSubstr(" src=")));
  EXPECT_THAT(html_, Not(HasSubstr("@import")));
  EXPECT_THAT(html_, Not(HasSubstr("url(")));
  EXPECT_THAT(html_, Not(HasSubstr("<link")));
  std::regex external(R"re((href|action)="(?!#))re");
  EXPECT_FALSE(std::regex_search(html_, external));
  EXPECT_THAT(html_, HasSubstr("Content-Security-Policy"));
}

}  // namespace
}  // namespace sandcheck::reports
