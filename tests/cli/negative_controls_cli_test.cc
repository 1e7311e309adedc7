// Every shipped negative control, run as a user runs it: `sandcheck run <file>`, nothing added
// in code. It must fail every check that lists it. Only a control whose substrate cannot be
// reached here is skipped, saying so.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "clusters/substrate_registry.h"
#include "core/deployment_parser.h"
#include "core/process.h"
#include "core/temp_dir.h"
#include "suites/all_checks.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

const std::filesystem::path kNegative =
    std::filesystem::path(SANDCHECK_SOURCE_DIR) / "fixtures" / "deployments" / "negative";

// Control file name -> the checks whose negative_controls list it.
std::map<std::string, std::set<std::string>> ListedBy() {
  std::map<std::string, std::set<std::string>> listed;
  auto registry = BuildRegistry();
  EXPECT_TRUE(registry.ok()) << registry.message();
  if (!registry.ok()) return listed;
  for (const CheckInfo& check : registry->checks()) {
    for (const std::string& control : check.negative_controls) listed[control].insert(check.id);
  }
  return listed;
}

std::vector<std::string> ShippedControls() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(kNegative)) {
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class ShippedNegativeControl : public ::testing::TestWithParam<std::string> {};

TEST_P(ShippedNegativeControl, FailsEveryCheckThatListsItWhenRunAsAFile) {
  const std::string& name = GetParam();
  std::filesystem::path file = kNegative / name;
  std::set<std::string> listed = ListedBy()[name];
  if (listed.empty()) GTEST_SKIP() << "no check lists " << name;
  auto parsed = ParseDeploymentFile(file, SubstrateTraitsCatalog());
  if (!parsed.ok()) {
    // The engine-socket controls bind the socket of a Docker engine, which must be running.
    if (parsed.message().find("/var/run/docker.sock' does not exist") != std::string::npos) {
      GTEST_SKIP() << "no Docker engine here: " << parsed.message();
    }
    FAIL() << parsed.message();
  }
  const SubstrateEntry* substrate = FindSubstrate(parsed->substrate);
  if (substrate == nullptr) GTEST_SKIP() << "substrate not in this build";
  SubstrateOptions options{.docker_socket = "/var/run/docker.sock"};
  if (Status reachable = substrate->reachable(options); !reachable.ok()) {
    GTEST_SKIP() << "substrate " << ToString(parsed->substrate)
                 << " not reachable: " << reachable.message();
  }

  ASSERT_OK_AND_ASSIGN(TempDir reports, TempDir::Create("sandcheck-negative-"));
  ProcessSpec spec;
  spec.argv = {SANDCHECK_CLI_PATH, "run", file.string(), "--report-dir", reports.path().string()};
  for (const std::string& id : listed) spec.argv.insert(spec.argv.end(), {"--id", id});
  spec.timeout = std::chrono::minutes(9);
  ASSERT_OK_AND_ASSIGN(ProcessOutcome outcome, RunProcess(spec));
  ASSERT_EQ(outcome.exit_code, 1) << outcome.out << outcome.err;

  std::ifstream in(reports.path() / "results.json");
  nlohmann::json results = nlohmann::json::parse(in);
  std::map<std::string, std::string> verdicts;
  for (const auto& result : results["deployments"][0]["results"]) {
    verdicts[result["id"]] =
        result["verdict"].get<std::string>() + ": " + result.value("summary", std::string());
  }
  for (const std::string& id : listed) {
    EXPECT_THAT(verdicts[id], ::testing::StartsWith("fail: ")) << name << " under " << id;
  }
}

INSTANTIATE_TEST_SUITE_P(Shipped, ShippedNegativeControl, ::testing::ValuesIn(ShippedControls()),
                         [](const auto& info) {
                           std::string name = info.param.substr(0, info.param.size() - 5);
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace sandcheck
