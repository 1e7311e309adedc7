#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "reports/html_escape.h"
#include "reports/reports.h"
#include "tests/reports/sample_report.h"
#include "tests/test_util.h"

namespace sandcheck::reports {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class WriteReportsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/sandcheck-reports-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static std::string Read(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    return content.str();
  }

  std::filesystem::path dir_;
};

TEST_F(WriteReportsTest, WritesTheFourFiles) {
  ASSERT_OK(WriteReports(testing::SampleReport("/src"), dir_ / "nested", ReportOptions{}));
  for (const char* file : {kJunitFile, kHtmlFile, kJsonFile, kSarifFile}) {
    EXPECT_TRUE(std::filesystem::is_regular_file(dir_ / "nested" / file)) << file;
    EXPECT_FALSE(std::filesystem::exists(dir_ / "nested" / (std::string(file) + ".tmp")));
  }
  auto json = nlohmann::json::parse(Read(dir_ / "nested" / kJsonFile));
  EXPECT_EQ(json["run"]["exit_code"], 1);
}

TEST_F(WriteReportsTest, FailOnSkipIsRecordedInTheExitCode) {
  RunReport report = testing::SampleReport("/src");
  for (auto& section : report.deployments) {
    std::erase_if(section.results, [](const CheckResult& result) {
      return result.verdict == Verdict::kFail || result.verdict == Verdict::kError;
    });
  }
  ReportOptions options;
  ASSERT_OK(WriteReports(report, dir_, options));
  EXPECT_EQ(nlohmann::json::parse(Read(dir_ / kJsonFile))["run"]["exit_code"], 0);
  options.fail_on_skip = true;
  ASSERT_OK(WriteReports(report, dir_, options));
  EXPECT_EQ(nlohmann::json::parse(Read(dir_ / kJsonFile))["run"]["exit_code"], 1);
}

TEST_F(WriteReportsTest, AnInvalidReportWritesNothing) {
  RunReport report = testing::SampleReport("/src");
  report.checks.clear();
  Status status = WriteReports(report, dir_ / "out", ReportOptions{});
  EXPECT_FALSE(status.ok());
  EXPECT_FALSE(std::filesystem::exists(dir_ / "out"));
}

// Canaries planted in every kind of string a report shows; none may reach any file, in
// any spelling the formats could give it (raw, HTML-, XML- or JSON-escaped).
TEST_F(WriteReportsTest, SecretsNeverReachAReport) {
  const std::string kSummaryCanary = "CANARY-summary-7f3a";
  const std::string kEvidenceCanary = "CANARY-evidence-19bd";
  const std::string kEnvValueCanary = "CANARY-env-value-5c2e";
  const std::string kEnvNameCanary = "CANARY_ENV_NAME_88AA";
  const std::string kDeploymentCanary = "CANARY-deployment-41d0";
  const std::string kMarkupCanary = R"(pa<ss>&"wo'rd-CANARY-6e1)";
  const std::string kPathCanary = "CANARY-path-0b7c";
  const std::string kToolCanary = "CANARY-tool-d2f9";
  const std::string kHostCanary = "CANARY-host-a91e";
  const std::string kCheckTextCanary = "CANARY-must-3c55";
  // Never listed as secrets: only the credential patterns can catch these.
  const std::string kAnthropicKey = "sk-ant-api03-Zq9_xW-4kT7pL2mN8vB1cR6sD0fG3hJ5-AA";
  const std::string kGithubToken = "ghp_" + std::string("Abc123Def456Ghi789Jkl012Mno345Pqr678");

  RunReport report = testing::SampleReport("/work/" + kPathCanary);
  report.secrets = {kSummaryCanary,    kEvidenceCanary, kEnvValueCanary, kEnvNameCanary,
                    kDeploymentCanary, kMarkupCanary,   kPathCanary,     kToolCanary,
                    kHostCanary,       kCheckTextCanary};
  auto& runc = report.deployments[0];
  runc.deployment.name = "reference-" + kDeploymentCanary;
  report.deployments[1].deployment.name = "other-" + kDeploymentCanary;
  runc.deployment.description = "uses " + kMarkupCanary;
  runc.deployment.env[kEnvNameCanary] = kEnvValueCanary;
  runc.deployment.env["ANTHROPIC_API_KEY"] = kAnthropicKey;
  runc.deployment.command = {"claude", "--token", kGithubToken};
  for (auto& section : report.deployments) {
    for (auto& result : section.results) {
      result.summary += " seen " + kSummaryCanary + " and " + kAnthropicKey;
      result.evidence["nested"] = {{"deeper", {{"list", {kEvidenceCanary, kGithubToken}}}},
                                   {kEvidenceCanary, kMarkupCanary}};
      result.artifacts.push_back("/artifacts/" + kPathCanary + "/probe.json");
    }
  }
  report.checks.at("CRED-001").must += " " + kCheckTextCanary;
  report.checks.at("CRED-001").remediation += " " + kCheckTextCanary;
  report.tool_versions["runc"] = "1.1.5-" + kToolCanary;
  report.deployments[0].runtime_version = kToolCanary;
  report.host.hostname = kHostCanary;
  report.benchmarks_ms["startup/" + kToolCanary] = {1, 2, 3};

  ReportOptions options;
  options.source_root = "/work/" + kPathCanary;
  ASSERT_OK(WriteReports(report, dir_, options));

  auto xml_escape = [](std::string text) {
    std::string out;
    for (char c : text) {
      if (c == '&')
        out += "&amp;";
      else if (c == '<')
        out += "&lt;";
      else if (c == '>')
        out += "&gt;";
      else if (c == '"')
        out += "&quot;";
      else
        out.push_back(c);
    }
    return out;
  };
  auto json_escape = [](const std::string& text) {
    std::string quoted = nlohmann::json(text).dump();
    return quoted.substr(1, quoted.size() - 2);
  };
  std::vector<std::string> canaries = report.secrets;
  canaries.push_back(kAnthropicKey);
  canaries.push_back(kGithubToken);
  canaries.push_back("CANARY");  // any partial leak of the listed ones
  for (const char* file : {kJunitFile, kHtmlFile, kJsonFile, kSarifFile}) {
    std::string content = Read(dir_ / file);
    ASSERT_FALSE(content.empty()) << file;
    EXPECT_THAT(content, HasSubstr("[REDACTED]")) << file;
    for (const auto& canary : canaries) {
      for (const auto& spelling :
           {canary, HtmlEscape(canary), xml_escape(canary), json_escape(canary)}) {
        EXPECT_THAT(content, Not(HasSubstr(spelling))) << file << " leaks " << spelling;
      }
    }
  }
}

}  // namespace
}  // namespace sandcheck::reports
