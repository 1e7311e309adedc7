#include "reports/json_writer.h"

#include <gtest/gtest.h>

#include "tests/reports/sample_report.h"

namespace sandcheck::reports {
namespace {

class JsonWriterTest : public ::testing::Test {
 protected:
  nlohmann::json json_ = ResultsJson(testing::SampleReport("/src"), 1, ReportOptions{});
};

TEST_F(JsonWriterTest, IsVersioned) { EXPECT_EQ(json_["schema_version"], 1); }

TEST_F(JsonWriterTest, RunRecordsTheGate) {
  EXPECT_EQ(json_["run"]["id"], "r20261122-3f2a");
  EXPECT_EQ(json_["run"]["exit_code"], 1);
  EXPECT_EQ(json_["run"]["fail_on_skip"], false);
  EXPECT_EQ(json_["run"]["started"], "2026-11-22T17:36:40Z");
  EXPECT_DOUBLE_EQ(json_["run"]["duration_s"].get<double>(), 94.0);
}

TEST_F(JsonWriterTest, TotalsCountEveryVerdict) {
  const auto& totals = json_["totals"];
  EXPECT_EQ(totals["pass"], testing::kSamplePass);
  EXPECT_EQ(totals["fail"], testing::kSampleFail);
  EXPECT_EQ(totals["error"], testing::kSampleError);
  EXPECT_EQ(totals["skip"], testing::kSampleSkip);
  EXPECT_EQ(totals["not-applicable"], testing::kSampleNotApplicable);
  EXPECT_EQ(totals["total"], 13);
}

TEST_F(JsonWriterTest, ResultsCarryEvidenceAndTheirEffectivePhase) {
  const auto& results = json_["deployments"][0]["results"];
  auto find = [&](const std::string& id) {
    for (const auto& result : results) {
      if (result["id"] == id) return result;
    }
    return nlohmann::json();
  };
  EXPECT_EQ(find("CRED-001")["evidence"]["found"][0]["bytes"], 116);
  EXPECT_EQ(find("AGT-001")["phase"], "portability");
  EXPECT_EQ(find("CRED-001")["severity"], "critical");
  EXPECT_EQ(find("EGR-001")["verdict"], "not-applicable");
}

TEST_F(JsonWriterTest, ChecksAndBenchmarksAreIncluded) {
  EXPECT_EQ(json_["checks"]["ISO-001"]["must"], "The agent MUST run as a non-root user");
  EXPECT_EQ(json_["benchmarks"]["startup/runc"]["count"], 10);
  EXPECT_TRUE(json_["benchmarks"]["startup/runc"].contains("p99_ms"));
}

TEST_F(JsonWriterTest, WithheldHostnameIsNull) {
  RunReport report = testing::SampleReport("/src");
  report.host.hostname.reset();
  EXPECT_TRUE(ResultsJson(report, 0, ReportOptions{})["host"]["hostname"].is_null());
}

}  // namespace
}  // namespace sandcheck::reports
