#include "suites/gtest_driver.h"

#include <cctype>
#include <map>
#include <memory>
#include <optional>

#include "suites/runner.h"

namespace sandcheck {
namespace {

// A DeploymentRun shared by the tests of one deployment; releases its sandboxes when the
// last of them has run. The first test starts every check of the deployment that gtest will
// run (its filter may drop some), so families run side by side (RunOptions::family_lanes)
// while the tests still report one by one.
class SharedRun {
 public:
  SharedRun(const Deployment& deployment, Substrate& substrate, const RunOptions& options,
            std::vector<const CheckInfo*> checks)
      : run_(deployment, substrate, options),
        checks_(std::move(checks)),
        remaining_(checks_.size()) {}

  CheckResult Run(const CheckInfo& check) {
    if (started_.empty()) StartSelected();
    CheckResult result;
    if (auto it = started_.find(check.id); it != started_.end()) {
      result = it->second.get();
      started_.erase(it);
    } else {
      result = run_.Run(check);
    }
    if (--remaining_ == 0) run_.ReleaseSandboxes();
    return result;
  }
  void Release() { run_.ReleaseSandboxes(); }
  const Deployment& deployment() const { return run_.deployment(); }

 private:
  void StartSelected() {
    const testing::TestSuite* suite = testing::UnitTest::GetInstance()->current_test_suite();
    std::vector<const CheckInfo*> selected;
    for (const CheckInfo* check : checks_) {
      if (suite != nullptr && WillRun(*suite, GtestName(check->id))) selected.push_back(check);
    }
    auto futures = run_.Start(selected);
    for (size_t i = 0; i < selected.size(); ++i) started_.emplace(selected[i]->id, futures[i]);
  }

  static bool WillRun(const testing::TestSuite& suite, const std::string& test_name) {
    for (int i = 0; i < suite.total_test_count(); ++i) {
      const testing::TestInfo* test = suite.GetTestInfo(i);
      if (test->name() == test_name) return test->should_run();
    }
    return false;
  }

  DeploymentRun run_;
  std::vector<const CheckInfo*> checks_;
  size_t remaining_;
  std::map<std::string, std::shared_future<CheckResult>> started_;  // by check id, not yet read
};

class CheckTest : public testing::Test {
 public:
  CheckTest(std::shared_ptr<SharedRun> run, const CheckInfo& check)
      : run_(std::move(run)), check_(check) {}

  void TestBody() override {
    RecordProperty(kDeploymentProperty, run_->deployment().name);
    RecordProperty(kCheckProperty, check_.id);
    CheckResult result = run_->Run(check_);
    RecordProperty(kVerdictProperty, std::string(ToString(result.verdict)));
    RecordProperty(kResultProperty, ToJson(result).dump());
    switch (result.verdict) {
      case Verdict::kPass:
        return;
      case Verdict::kFail:
        FAIL() << check_.id << " failed: " << result.summary;
      case Verdict::kError:
        FAIL() << check_.id << " could not run (error): " << result.summary;
      case Verdict::kSkip:
        GTEST_SKIP() << "skipped: " << result.summary;
      case Verdict::kNotApplicable:
        GTEST_SKIP() << "not applicable: " << result.summary;
    }
  }

 private:
  std::shared_ptr<SharedRun> run_;
  const CheckInfo& check_;
};

class ReleaseSandboxesAtTearDown : public testing::Environment {
 public:
  explicit ReleaseSandboxesAtTearDown(std::vector<std::shared_ptr<SharedRun>> runs)
      : runs_(std::move(runs)) {}
  void TearDown() override {
    for (auto& run : runs_) run->Release();
  }

 private:
  std::vector<std::shared_ptr<SharedRun>> runs_;
};

std::optional<std::string> Property(const testing::TestResult& result, std::string_view key) {
  for (int i = 0; i < result.test_property_count(); ++i) {
    const auto& property = result.GetTestProperty(i);
    if (key == property.key()) return std::string(property.value());
  }
  return std::nullopt;
}

}  // namespace

std::string GtestName(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return out;
}

void RegisterCheckTests(const std::vector<Deployment>& deployments,
                        const std::vector<const CheckInfo*>& checks, Substrate& substrate,
                        const RunOptions& options) {
  std::vector<std::shared_ptr<SharedRun>> runs;
  for (const auto& deployment : deployments) {
    auto run = std::make_shared<SharedRun>(deployment, substrate, options, checks);
    runs.push_back(run);
    std::string suite = GtestName(deployment.name);
    for (const CheckInfo* check : checks) {
      testing::RegisterTest(suite.c_str(), GtestName(check->id).c_str(), nullptr, nullptr,
                            deployment.source_file.c_str(), 1, [run, check]() -> testing::Test* {
                              return new CheckTest(run, *check);
                            });
    }
  }
  testing::AddGlobalTestEnvironment(new ReleaseSandboxesAtTearDown(std::move(runs)));
}

void CheckResultCollector::OnTestEnd(const testing::TestInfo& test) {
  const testing::TestResult& outcome = *test.result();
  auto deployment = Property(outcome, kDeploymentProperty);
  auto check = Property(outcome, kCheckProperty);
  if (!deployment || !check) return;  // not a check test
  if (auto recorded = Property(outcome, kResultProperty)) {
    auto json = nlohmann::json::parse(*recorded, nullptr, /*allow_exceptions=*/false);
    auto result = CheckResultFromJson(json);
    if (result.ok()) {
      results_.push_back({*deployment, std::move(result).value()});
      return;
    }
  }
  ResultBuilder error(*check);
  results_.push_back(
      {*deployment, error.Error(fmt::format("test {}.{} ended without a readable check result",
                                            test.test_suite_name(), test.name()))});
}

}  // namespace sandcheck
