// `sandcheck run` on the native substrate, as a user runs it: the strict bwrap and srt
// references pass every check that applies, each negative control fails exactly the checks it
// names, and srt's published default gets the verdicts docs/native-sandbox.md reports. Real
// bwrap and srt, in network namespaces of the world; nothing reaches the machine's network.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <set>

#include "core/temp_dir.h"
#include "tests/cli_verdicts.h"

namespace sandcheck {
namespace {

using Case = FixtureCase;

Result<CliVerdicts> RunFixture(const std::string& fixture) {
  ASSIGN_OR_RETURN(TempDir state, TempDir::Create("sandcheck-native-"));
  ::chmod(state.path().c_str(), 0755);  // the host user reaches its home and the probe there
  return RunFixtureThroughCli(fixture, state.path() / "reports",
                              {"--state-dir", (state.path() / "state").string()},
                              std::chrono::seconds(280));
}

class NativeRun : public ::testing::TestWithParam<Case> {};

TEST_P(NativeRun, FailsExactlyItsChecksAndErrsNowhere) {
  auto verdicts = RunFixture(GetParam().fixture);
  ASSERT_TRUE(verdicts.ok()) << verdicts.message();
  ExpectExactlyFailing(*verdicts, GetParam().failing);
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
    FixtureCaseName);

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
    FixtureCaseName);

}  // namespace
}  // namespace sandcheck
