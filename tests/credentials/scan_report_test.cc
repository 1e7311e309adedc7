// Reading the probe's scan section, and the options that ask for it.
#include "suites/credentials/scan_report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;

// The shape tools/probe/sections/scan.cc prints.
nlohmann::json Document() {
  return nlohmann::json::parse(R"({
    "identity": {"uid": 1000, "home": "/home/agent"},
    "scan": {
      "needles": 2, "complete": true, "stopped_by": null,
      "hits": [
        {"needle": 0, "location": "/proc/1/environ", "variable": "GH_TOKEN"},
        {"needle": 1, "location": "/home/agent/.aws/credentials"}
      ],
      "hits_truncated": false, "files_scanned": 321, "files_unreadable": 2,
      "directories_unreadable": 1, "bytes_scanned": 4096, "environ_scanned": 3,
      "environ_unreadable": 0, "roots": ["/"], "budget_ms": 20000, "max_files": 200000,
      "elapsed_ms": 40
    }
  })");
}

TEST(ScanProbeOptions, AsksForIdentityAndEveryNeedleWithGenerousBudgets) {
  NeedleCatalog catalog;
  catalog.needles = {{"first-needle", "a", true, {}, false},
                     {"second-needle", "b", true, {}, false}};
  auto options = ScanProbeOptions(catalog);
  EXPECT_THAT(options, IsSupersetOf({"identity", "first-needle", "second-needle"}));
  EXPECT_THAT(std::vector<std::string>(options.begin(), options.begin() + 2),
              ElementsAre("--only", "identity"));
}

TEST(ParseScanSection, ReadsHitsAndCoverage) {
  ASSERT_OK_AND_ASSIGN(ScanReport report, ParseScanSection(Document(), 2));
  ASSERT_EQ(report.hits.size(), 2u);
  EXPECT_EQ(report.hits[0].needle, 0u);
  EXPECT_EQ(report.hits[0].location, "/proc/1/environ");
  EXPECT_EQ(report.hits[0].variable, "GH_TOKEN");
  EXPECT_EQ(report.hits[1].variable, std::nullopt);
  EXPECT_TRUE(report.complete);
  EXPECT_EQ(report.environ_scanned, 3u);
  EXPECT_EQ(report.coverage["files_scanned"], 321);
  EXPECT_FALSE(report.coverage.contains("hits"));
}

TEST(ParseScanSection, ReadsAnIncompleteScan) {
  auto document = Document();
  document["scan"]["complete"] = false;
  document["scan"]["stopped_by"] = "time";
  ASSERT_OK_AND_ASSIGN(ScanReport report, ParseScanSection(document, 2));
  EXPECT_FALSE(report.complete);
  EXPECT_EQ(report.stopped_by, "time");
}

TEST(ParseScanSection, RejectsMissingFailedOrInconsistentSections) {
  auto missing = ParseScanSection(nlohmann::json::object(), 2);
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.message(), HasSubstr("no \"scan\" section"));
  auto failed = ParseScanSection({{"scan", {{"error", "boom"}}}}, 2);
  ASSERT_FALSE(failed.ok());
  EXPECT_THAT(failed.message(), HasSubstr("boom"));
  auto out_of_range = ParseScanSection(Document(), 1);
  ASSERT_FALSE(out_of_range.ok());
  EXPECT_THAT(out_of_range.message(), HasSubstr("needle 1 of 1"));
}

}  // namespace
}  // namespace sandcheck
