// The U test against values published by others: scipy.stats.mannwhitneyu's documented
// example and DolphinDB's mannWhitneyUTest example (which has ties).
#include "reports/mann_whitney.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sandcheck::reports {
namespace {

using ::testing::DoubleNear;
using ::testing::Optional;

// scipy's docs: nine adults' age at diagnosis (from Mann & Whitney's textbook example [4]).
const std::vector<double> kMales = {19, 22, 16, 29, 24};
const std::vector<double> kFemales = {20, 11, 17, 12};

TEST(MannWhitneyTest, ScipyDocumentationExampleExact) {
  auto result = MannWhitneyU(kMales, kFemales);  // small, no ties: exact, as scipy's auto
  ASSERT_TRUE(result.has_value());
  EXPECT_DOUBLE_EQ(result->u1, 17.0);
  EXPECT_TRUE(result->exact);
  EXPECT_THAT(result->p_value, DoubleNear(0.1111111111111111, 1e-12));
}

TEST(MannWhitneyTest, ScipyDocumentationExampleAsymptotic) {
  auto result = MannWhitneyU(kMales, kFemales, UTestMethod::kAsymptotic);
  ASSERT_TRUE(result.has_value());
  EXPECT_FALSE(result->exact);
  EXPECT_THAT(result->p_value, DoubleNear(0.11134688653314041, 1e-12));
}

TEST(MannWhitneyTest, StatisticOfTheSecondSampleIsTheComplement) {
  auto result = MannWhitneyU(kFemales, kMales);
  ASSERT_TRUE(result.has_value());
  EXPECT_DOUBLE_EQ(result->u1, 3.0);
  EXPECT_THAT(result->p_value, DoubleNear(0.1111111111111111, 1e-12));
}

// DolphinDB's example: mannWhitneyUTest(5 1 4 3 5, 2 4 7 -1 0 4) -> U 11, two-sided p
// 0.518023 with continuity correction. Ties (4 three times, 5 twice) force the
// tie-corrected normal approximation.
TEST(MannWhitneyTest, DolphinDbExampleWithTies) {
  std::vector<double> x = {5, 1, 4, 3, 5};
  std::vector<double> y = {2, 4, 7, -1, 0, 4};
  auto result = MannWhitneyU(x, y);
  ASSERT_TRUE(result.has_value());
  EXPECT_FALSE(result->exact);
  EXPECT_DOUBLE_EQ(result->u1, 19.0);  // DolphinDB prints the other sample's U: 30 - 19 = 11
  EXPECT_THAT(result->p_value, DoubleNear(0.518023, 1e-6));
}

// Fully separated samples of 9: the exact p is 2 / C(18, 9) = 2 / 48620.
TEST(MannWhitneyTest, SeparatedSamplesGiveTheSmallestExactP) {
  std::vector<double> low = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  std::vector<double> high = {11, 12, 13, 14, 15, 16, 17, 18, 19};
  auto result = MannWhitneyU(high, low, UTestMethod::kExact);
  ASSERT_TRUE(result.has_value());
  EXPECT_DOUBLE_EQ(result->u1, 81.0);
  EXPECT_THAT(result->p_value, DoubleNear(2.0 / 48620.0, 1e-15));
}

TEST(MannWhitneyTest, AllTiedMeansNoEvidence) {
  EXPECT_THAT(MannWhitneyU({3, 3, 3, 3, 3}, {3, 3, 3, 3, 3, 3, 3, 3, 3, 3}),
              Optional(::testing::Field(&UTestResult::p_value, 1.0)));
}

TEST(MannWhitneyTest, EmptySampleHasNoResult) { EXPECT_EQ(MannWhitneyU({}, {1, 2}), std::nullopt); }

}  // namespace
}  // namespace sandcheck::reports
