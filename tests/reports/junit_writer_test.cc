#include "reports/junit_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include <memory>
#include <set>

#include "tests/reports/sample_report.h"
#include "tests/test_util.h"

namespace sandcheck::reports {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// The parsed document and XPath queries returning strings.
class JunitDocument {
 public:
  explicit JunitDocument(const std::string& xml)
      : doc_(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "junit.xml", nullptr,
                           XML_PARSE_NONET),
             xmlFreeDoc),
        context_(doc_ ? xmlXPathNewContext(doc_.get()) : nullptr, xmlXPathFreeContext) {}

  bool ok() const { return doc_ != nullptr; }

  std::vector<std::string> All(const std::string& xpath) const {
    std::unique_ptr<xmlXPathObject, decltype(&xmlXPathFreeObject)> found(
        xmlXPathEvalExpression(BAD_CAST xpath.c_str(), context_.get()), xmlXPathFreeObject);
    std::vector<std::string> values;
    if (!found || !found->nodesetval) return values;
    for (int i = 0; i < found->nodesetval->nodeNr; ++i) {
      xmlChar* content = xmlNodeGetContent(found->nodesetval->nodeTab[i]);
      values.emplace_back(reinterpret_cast<const char*>(content));
      xmlFree(content);
    }
    return values;
  }

  std::string One(const std::string& xpath) const {
    auto values = All(xpath);
    return values.size() == 1 ? values[0] : "<" + std::to_string(values.size()) + " matches>";
  }

 private:
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc_;
  std::unique_ptr<xmlXPathContext, decltype(&xmlXPathFreeContext)> context_;
};

class JunitWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto xml = JunitXml(testing::SampleReport("/src"), ReportOptions{});
    ASSERT_TRUE(xml.ok()) << xml.message();
    xml_ = *xml;
    document_ = std::make_unique<JunitDocument>(xml_);
    ASSERT_TRUE(document_->ok()) << xml_;
  }
  const JunitDocument& doc() { return *document_; }

  std::string xml_;
  std::unique_ptr<JunitDocument> document_;
};

TEST_F(JunitWriterTest, OneSuitePerDeploymentWithCounts) {
  EXPECT_EQ(doc().All("/testsuites/testsuite/@name"),
            (std::vector<std::string>{"reference-runc", "reference-runsc"}));
  EXPECT_EQ(doc().One("/testsuites/testsuite[1]/@tests"), "8");
  EXPECT_EQ(doc().One("/testsuites/testsuite[1]/@failures"), "2");
  EXPECT_EQ(doc().One("/testsuites/testsuite[1]/@errors"), "1");
  EXPECT_EQ(doc().One("/testsuites/testsuite[1]/@skipped"), "2");
  EXPECT_EQ(doc().One("/testsuites/testsuite[2]/@id"), "1");
  EXPECT_EQ(doc().One("/testsuites/testsuite[1]/@timestamp"), "2026-11-22T17:36:40");
  EXPECT_EQ(doc().One("/testsuites/testsuite[1]/@hostname"), "ci-runner-7");
}

TEST_F(JunitWriterTest, TestcasesNameTheCheckAndItsFamily) {
  auto names = doc().All("//testsuite[1]/testcase/@name");
  ASSERT_EQ(names.size(), 8u);
  EXPECT_EQ(names[0], "ISO-001 The agent MUST run as a non-root user");
  EXPECT_EQ(doc().One("//testsuite[1]/testcase[starts-with(@name,'CRED-001')]/@classname"),
            "sandcheck.reference-runc.credentials");
}

TEST_F(JunitWriterTest, ClassnameAndNamePairsAreUnique) {
  auto classnames = doc().All("//testcase/@classname");
  auto names = doc().All("//testcase/@name");
  ASSERT_EQ(classnames.size(), names.size());
  std::set<std::pair<std::string, std::string>> pairs;
  for (size_t i = 0; i < names.size(); ++i) pairs.emplace(classnames[i], names[i]);
  EXPECT_EQ(pairs.size(), names.size());
}

TEST_F(JunitWriterTest, VerdictsMapToJunitOutcomes) {
  std::string runc = "//testsuite[1]/testcase";
  EXPECT_EQ(doc().All(runc + "[starts-with(@name,'ISO-001')]/*").size(), 0u);
  EXPECT_THAT(doc().One(runc + "[starts-with(@name,'CRED-001')]/failure/@message"),
              HasSubstr("~/.aws/credentials is readable"));
  EXPECT_EQ(doc().One(runc + "[starts-with(@name,'CRED-001')]/failure/@type"), "fail");
  EXPECT_EQ(doc().One(runc + "[starts-with(@name,'HOOK-001')]/error/@type"), "error");
  EXPECT_THAT(doc().One(runc + "[starts-with(@name,'PERS-001')]/skipped/@message"),
              StartsWith("skip: needs capability"));
  EXPECT_THAT(doc().One(runc + "[starts-with(@name,'EGR-001')]/skipped/@message"),
              StartsWith("not-applicable: network mode none"));
}

TEST_F(JunitWriterTest, FailureBodyCarriesMustRemediationAndPrettyEvidence) {
  std::string body = doc().One("//testsuite[1]/testcase[starts-with(@name,'CRED-001')]/failure");
  EXPECT_THAT(body, HasSubstr("MUST: No host credential MUST be readable"));
  EXPECT_THAT(body, HasSubstr("Remediation: How to fix CRED-001"));
  EXPECT_THAT(body, HasSubstr("phase 01 isolation"));
  EXPECT_THAT(body, HasSubstr("\"path\": \"/home/agent/.aws/credentials\""));
  EXPECT_THAT(body, HasSubstr("\n  \"probe\": {"));  // indented, not one long line
}

TEST_F(JunitWriterTest, PropertiesDescribeTheRun) {
  std::string suite = "//testsuite[1]/properties/property";
  EXPECT_EQ(doc().One(suite + "[@name='deployment']/@value"), "reference-runc");
  EXPECT_EQ(doc().One(suite + "[@name='substrate']/@value"), "oci");
  EXPECT_EQ(doc().One(suite + "[@name='runtime']/@value"), "runc");
  EXPECT_EQ(doc().One(suite + "[@name='sandcheck.run_id']/@value"), "r20261122-3f2a");
  EXPECT_EQ(doc().One(suite + "[@name='tool.runsc']/@value"), "release-20240807.0");
  EXPECT_EQ(doc().One(suite + "[@name='phase.agent']/@value"), "03 portability");
  EXPECT_EQ(doc().One(suite + "[@name='phase.observability']/@value"), "02 observability");
}

TEST_F(JunitWriterTest, MarkupAndControlCharactersSurviveAsText) {
  EXPECT_THAT(xml_, Not(HasSubstr("<script>")));
  EXPECT_THAT(xml_, Not(HasSubstr("\x01")));
  EXPECT_THAT(doc().One("//testsuite[1]/testcase[starts-with(@name,'CRED-001')]/failure/@message"),
              HasSubstr("<script>alert('x')</script>"));
}

TEST(JunitWriterOptionsTest, PassingSummariesAreTrimmedInSuiteOutput) {
  RunReport report = testing::SampleReport("/src");
  report.deployments[0].results[0].summary = std::string(500, 'p');
  report.deployments[0].results[2].summary = "fail " + std::string(500, 'f');
  ReportOptions options;
  options.passing_summary_chars = 40;
  ASSERT_OK_AND_ASSIGN(std::string xml, JunitXml(report, options));
  JunitDocument doc(xml);
  std::string out = doc.One("//testsuite[1]/system-out");
  EXPECT_THAT(out, HasSubstr("ISO-001 pass: " + std::string(40, 'p') + "…\n"));
  EXPECT_THAT(out, HasSubstr(std::string(500, 'f')));
  EXPECT_THAT(doc.One("//testsuite[1]/system-err"), HasSubstr("HOOK-001: runc exec sbx-1"));
}

TEST(JunitWriterOptionsTest, WithheldHostnameIsLocalhost) {
  RunReport report = testing::SampleReport("/src");
  report.host.hostname.reset();
  ASSERT_OK_AND_ASSIGN(std::string xml, JunitXml(report, ReportOptions{}));
  EXPECT_EQ(JunitDocument(xml).All("//testsuite/@hostname"),
            (std::vector<std::string>{"localhost", "localhost"}));
}

TEST(JunitWriterOptionsTest, DeploymentNamesThatReduceAlikeStayDistinct) {
  RunReport report = testing::SampleReport("/src");
  report.deployments[0].deployment.name = "seed 004";
  report.deployments[1].deployment.name = "seed.004";
  ASSERT_OK_AND_ASSIGN(std::string xml, JunitXml(report, ReportOptions{}));
  EXPECT_EQ(JunitDocument(xml).All("//testsuite/@name"),
            (std::vector<std::string>{"seed_004", "seed_004-2"}));
}

}  // namespace
}  // namespace sandcheck::reports
