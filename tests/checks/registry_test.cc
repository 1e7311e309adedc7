#include "suites/framework/registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "suites/all_checks.h"
#include "suites/framework/check_context.h"
#include "suites/framework/explain.h"
#include "suites/framework/selection.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

CheckResult Passes(CheckContext& context) { return ResultBuilder(context.check().id).Pass("ok"); }

CheckInfo Check(std::string id, Family family = Family::kHooks, Phase phase = Phase::kIsolation) {
  return CheckInfo{{
                       .id = std::move(id),
                       .must = "Something MUST hold",
                       .family = family,
                       .phase = phase,
                       .severity = Severity::kLow,
                       .rationale = "because",
                       .remediation = "fix it",
                       .required_capabilities = {CapabilityKind::kSandboxKernel},
                       .negative_controls = {"broken.yaml"},
                   },
                   Passes};
}

std::vector<std::string> Ids(const std::vector<const CheckInfo*>& checks) {
  std::vector<std::string> ids;
  for (const CheckInfo* check : checks) ids.push_back(check->id);
  return ids;
}

TEST(CheckRegistry, RejectsADuplicateId) {
  CheckRegistry registry;
  ASSERT_OK(registry.Add(Check("HOOK-001")));
  Status again = registry.Add(Check("HOOK-001"));
  ASSERT_FALSE(again.ok());
  EXPECT_THAT(again.message(), HasSubstr("HOOK-001 is registered twice"));
  EXPECT_EQ(registry.checks().size(), 1u);
}

TEST(CheckRegistry, RejectsIncompleteChecks) {
  CheckRegistry registry;
  EXPECT_FALSE(registry.Add(Check("hook-1")).ok());
  CheckInfo no_control = Check("HOOK-002");
  no_control.negative_controls.clear();
  EXPECT_THAT(registry.Add(no_control).message(), HasSubstr("negative-control"));
  CheckInfo no_fn = Check("HOOK-003");
  no_fn.fn = nullptr;
  EXPECT_FALSE(registry.Add(no_fn).ok());
  CheckInfo two_lines = Check("HOOK-004");
  two_lines.must = "line one\nline two";
  EXPECT_FALSE(registry.Add(two_lines).ok());
  CheckInfo no_why = Check("HOOK-005");
  no_why.rationale.clear();
  EXPECT_FALSE(registry.Add(no_why).ok());
  EXPECT_THAT(registry.checks(), IsEmpty());
}

TEST(CheckRegistry, KeepsChecksInIdOrderAndFindsThem) {
  CheckRegistry registry;
  ASSERT_OK(registry.AddAll({Check("ISO-002"), Check("HOOK-001"), Check("ISO-001")}));
  std::vector<std::string> ids;
  for (const auto& check : registry.checks()) ids.push_back(check.id);
  EXPECT_THAT(ids, ElementsAre("HOOK-001", "ISO-001", "ISO-002"));
  ASSERT_NE(registry.Find("ISO-001"), nullptr);
  EXPECT_EQ(registry.Find("ISO-001")->id, "ISO-001");
  EXPECT_EQ(registry.Find("ISO-009"), nullptr);
}

TEST(BuildRegistry, ShipsEveryFamilyWithoutConflicts) {
  ASSERT_OK_AND_ASSIGN(CheckRegistry registry, BuildRegistry());
  EXPECT_NE(registry.Find("HOOK-001"), nullptr);
}

TEST(BuildRegistry, EveryNegativeControlIsADeploymentFile) {
  ASSERT_OK_AND_ASSIGN(CheckRegistry registry, BuildRegistry());
  auto dir = DefaultFixturesDir() / "deployments" / "negative";
  for (const auto& check : registry.checks()) {
    for (const auto& control : check.negative_controls) {
      EXPECT_TRUE(std::filesystem::is_regular_file(dir / control))
          << check.id << " names negative control " << control << ", missing in " << dir;
    }
  }
}

// A negative control no check names is never run by any matrix test: it proves nothing.
TEST(BuildRegistry, EveryDeploymentInNegativeIsNamedByACheck) {
  ASSERT_OK_AND_ASSIGN(CheckRegistry registry, BuildRegistry());
  std::set<std::string> named;
  for (const auto& check : registry.checks()) {
    named.insert(check.negative_controls.begin(), check.negative_controls.end());
  }
  auto dir = DefaultFixturesDir() / "deployments" / "negative";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    EXPECT_TRUE(named.contains(entry.path().filename().string()))
        << entry.path() << " is named by no check's negative_controls";
  }
}

class Selection : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK(registry_.AddAll({Check("HOOK-001"), Check("HOOK-002"),
                                Check("ISO-001", Family::kIsolation),
                                Check("EGR-001", Family::kEgress, Phase::kObservability)}));
  }
  CheckRegistry registry_;
};

TEST_F(Selection, EmptyFilterSelectsEverything) {
  EXPECT_THAT(Ids(SelectChecks(registry_, {})),
              ElementsAre("EGR-001", "HOOK-001", "HOOK-002", "ISO-001"));
}

TEST_F(Selection, FiltersByFamilyPhaseAndGlob) {
  CheckFilter hooks;
  hooks.families = {Family::kHooks};
  EXPECT_THAT(Ids(SelectChecks(registry_, hooks)), ElementsAre("HOOK-001", "HOOK-002"));
  CheckFilter observability;
  observability.phases = {Phase::kObservability};
  EXPECT_THAT(Ids(SelectChecks(registry_, observability)), ElementsAre("EGR-001"));
  CheckFilter globs;
  globs.id_globs = {"hook-00?", "ISO-*"};
  EXPECT_THAT(Ids(SelectChecks(registry_, globs)), ElementsAre("HOOK-001", "HOOK-002", "ISO-001"));
  CheckFilter hooks_ending_2 = hooks;
  hooks_ending_2.id_globs = {"*-002"};
  EXPECT_THAT(Ids(SelectChecks(registry_, hooks_ending_2)), ElementsAre("HOOK-002"));
  CheckFilter agent;
  agent.families = {Family::kAgent};
  EXPECT_THAT(Ids(SelectChecks(registry_, agent)), IsEmpty());
}

TEST_F(Selection, FilterExpressionIncludesAndExcludesByGlob) {
  CheckFilter filter;
  AddFilterExpression("HOOK-*:ISO-*:-hook-002", filter);
  EXPECT_THAT(Ids(SelectChecks(registry_, filter)), ElementsAre("HOOK-001", "ISO-001"));
  CheckFilter only_exclusions;
  AddFilterExpression("-ISO-*:-EGR-001", only_exclusions);
  EXPECT_THAT(Ids(SelectChecks(registry_, only_exclusions)), ElementsAre("HOOK-001", "HOOK-002"));
  CheckFilter stray_separators;
  AddFilterExpression(":ISO-001::-:", stray_separators);
  EXPECT_THAT(Ids(SelectChecks(registry_, stray_separators)), ElementsAre("ISO-001"));
}

TEST(ParsePhase, KnowsTheThreePhases) {
  EXPECT_EQ(ParsePhase("observability"), Phase::kObservability);
  EXPECT_EQ(ParsePhase("isolate"), std::nullopt);
}

TEST(Explain, NamesEverythingAReviewerNeeds) {
  CheckInfo check = Check("HOOK-001");
  std::string text = ExplainCheck(check);
  EXPECT_THAT(text, HasSubstr("HOOK-001 (hooks family, isolation phase, severity low)"));
  EXPECT_THAT(text, HasSubstr("MUST: Something MUST hold"));
  EXPECT_THAT(text, HasSubstr("because"));
  EXPECT_THAT(text, HasSubstr("fix it"));
  EXPECT_THAT(text, HasSubstr("  - broken.yaml"));
  EXPECT_THAT(text, HasSubstr("  - sandbox-kernel"));
}

TEST(Explain, ListLineAndJsonCarryTheFacts) {
  CheckInfo check = Check("HOOK-001");
  EXPECT_THAT(FormatCheckList({&check}), HasSubstr("HOOK-001  hooks"));
  nlohmann::json json = CheckInfoJson(check);
  EXPECT_EQ(json["family"], "hooks");
  EXPECT_EQ(json["negative_controls"], nlohmann::json::array({"broken.yaml"}));
}

}  // namespace
}  // namespace sandcheck
