// `sandcheck run` on the native substrate, as a user runs it: the strict bwrap and srt
// references pass every check that applies, each negative control fails exactly the checks it
// names, and srt's published default gets the verdicts docs/native-sandbox.md reports. Real
// bwrap and srt, in network namespaces of the world; nothing reaches the machine's network.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/process.h"
#include "core/temp_dir.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::ContainerEq;
using ::testing::IsEmpty;

const std::filesystem::path kDeployments =
    std::filesystem::path(SANDCHECK_SOURCE_DIR) / "fixtures" / "deployments";

struct Case {
  std::string fixture;            // under fixtures/deployments
  std::set<std::string> failing;  // exactly these fail; every other check passes or skips
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.fixture; }

struct Verdicts {
  std::map<std::string, std::string> verdict;  // check id -> verdict
  std::map<std::string, std::string> summary;
};

Result<Verdicts> RunFixture(const std::string& fixture) {
  ASSIGN_OR_RETURN(TempDir state, TempDir::Create("sandcheck-native-"));
  ::chmod(state.path().c_str(), 0755);  // the host user reaches its home and the probe there
  std::filesystem::path reports = state.path() / "reports";
  ProcessSpec spec;
  spec.argv = {SANDCHECK_CLI_PATH,
               "run",
               (kDeployments / fixture).string(),
               "--state-dir",
               (state.path() / "state").string(),
               "--report-dir",
               reports.string()};
  spec.timeout = std::chrono::seconds(280);
  ASSIGN_OR_RETURN(ProcessOutcome outcome, RunProcess(spec));
  if (outcome.exit_code != 0 && outcome.exit_code != 1) {
    return Fail("sandcheck run {}: {}: {}", fixture, outcome.DescribeEnd(), outcome.err);
  }
  std::ifstream in(reports / "results.json");
  auto json = nlohmann::json::parse(in, nullptr, false);
  if (json.is_discarded()) return Fail("{}: no results.json: {}", fixture, outcome.err);
  Verdicts verdicts;
  for (const auto& result : json.at("deployments").at(0).at("results")) {
    std::string id = result.at("id");
    verdicts.verdict[id] = result.at("verdict");
    verdicts.summary[id] = result.value("summary", "");
  }
  return verdicts;
}

std::string Describe(const Verdicts& verdicts) {
  std::string text;
  for (const auto& [id, verdict] : verdicts.verdict) {
    text += fmt::format("\n  {} {}: {}", id, verdict, verdicts.summary.at(id).substr(0, 300));
  }
  return text;
}

class NativeRun : public ::testing::TestWithParam<Case> {};

TEST_P(NativeRun, FailsExactlyItsChecksAndErrsNowhere) {
  auto verdicts = RunFixture(GetParam().fixture);
  ASSERT_TRUE(verdicts.ok()) << verdicts.message();
  std::set<std::string> failing;
  std::set<std::string> errors;
  for (const auto& [id, verdict] : verdicts->verdict) {
    if (verdict == "fail") failing.insert(id);
    if (verdict == "error") errors.insert(id);
    // A skip says why (the substrate's reason), never silently.
    if (verdict == "skip") EXPECT_FALSE(verdicts->summary.at(id).empty()) << id;
  }
  EXPECT_THAT(errors, IsEmpty()) << Describe(*verdicts);
  EXPECT_THAT(failing, ContainerEq(GetParam().failing)) << Describe(*verdicts);
}

INSTANTIATE_TEST_SUITE_P(
    Bwrap, NativeRun,
    ::testing::Values(Case{"native-bwrap.yaml", {}},
                      Case{"negative/native-bwrap-network-open.yaml",
                           {"EGR-001", "EGR-002", "EGR-003", "EGR-004", "EGR-005", "EGR-008",
                            "EGR-009", "EGR-011", "EGR-015", "ISO-020"}},
                      Case{"negative/native-bwrap-home-readable.yaml",
                           {"CRED-002", "CRED-005", "ISO-010"}},
                      Case{"negative/native-bwrap-write-too-wide.yaml", {"ISO-008"}},
                      Case{"negative/native-bwrap-env-passed.yaml", {"CRED-001"}},
                      Case{"negative/native-bwrap-reaper-environ.yaml", {"CRED-001", "ISO-014"}}),
    [](const auto& info) {
      std::string name = std::filesystem::path(info.param.fixture).stem().string();
      std::replace(name.begin(), name.end(), '-', '_');
      return name;
    });

// What sandbox-runtime's own bubblewrap line does whatever its settings say, found on the
// strict reference (docs/native-sandbox.md): the bounding set stays full (ISO-002); its
// helper, PID 1, runs without the seccomp filter it gives the command (ISO-004); ptrace and
// keyctl pass that filter (ISO-005); the host's whole mount table shows, read-only (ISO-010);
// the host's UTS namespace and hostname are shared (ISO-015).
std::set<std::string> SrtFindings(std::set<std::string> more = {}) {
  more.insert({"ISO-002", "ISO-004", "ISO-005", "ISO-010", "ISO-015"});
  return more;
}

INSTANTIATE_TEST_SUITE_P(
    Srt, NativeRun,
    ::testing::Values(Case{"native-srt.yaml", SrtFindings()},
                      Case{"native-srt-local-binding.yaml", SrtFindings()},
                      Case{"native-srt-default.yaml", SrtFindings({"CRED-001", "CRED-002"})},
                      Case{"negative/native-srt-home-readable.yaml", SrtFindings({"CRED-002"})},
                      Case{"negative/native-srt-write-too-wide.yaml", SrtFindings({"ISO-007"})},
                      Case{"negative/native-srt-env-passed.yaml", SrtFindings({"CRED-001"})}),
    [](const auto& info) {
      std::string name = std::filesystem::path(info.param.fixture).stem().string();
      std::replace(name.begin(), name.end(), '-', '_');
      return name;
    });

}  // namespace
}  // namespace sandcheck
