// The CLI as a user meets it: exit codes, messages, machine-readable output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/process.h"
#include "core/temp_dir.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::HasSubstr;

const std::filesystem::path kSource = SANDCHECK_SOURCE_DIR;

ProcessOutcome Cli(std::vector<std::string> args) {
  args.insert(args.begin(), SANDCHECK_CLI_PATH);
  ProcessSpec spec;
  spec.argv = args;
  spec.timeout = std::chrono::seconds(60);
  auto outcome = RunProcess(spec);
  EXPECT_TRUE(outcome.ok()) << outcome.message();
  return outcome.ok() ? outcome.value() : ProcessOutcome{};
}

TEST(Cli, HelpListsEveryCommandAndExitsZero) {
  auto outcome = Cli({"--help"});
  EXPECT_EQ(outcome.exit_code, 0);
  for (const char* command :
       {"validate", "list", "explain", "run", "up", "down", "sweep", "bench"}) {
    EXPECT_THAT(outcome.out, HasSubstr(command));
  }
}

TEST(Cli, UnknownCommandIsAUsageError) {
  auto outcome = Cli({"frobnicate"});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.err, HasSubstr("unknown command 'frobnicate'"));
}

TEST(Cli, UnknownOptionIsAUsageErrorPointingAtHelp) {
  auto outcome = Cli({"list", "--colour"});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.err, HasSubstr("sandcheck list --help"));
}

TEST(Cli, ValidateAcceptsTheReferenceDeployment) {
  auto outcome =
      Cli({"validate", (kSource / "fixtures/deployments/reference-runsc.yaml").string()});
  EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr(": ok"));
}

TEST(Cli, RunWithoutAFileRunsTheDefaultDeploymentAndSaysSo) {
  // A filter that matches nothing stops the run after the deployment loaded, before any sandbox.
  auto outcome = Cli({"run", "--id", "NO-SUCH-CHECK"});
  EXPECT_EQ(outcome.exit_code, 2) << outcome.err;
  EXPECT_THAT(outcome.err, HasSubstr("no deployment file given: running the default deployment " +
                                     (kSource / "fixtures/deployments/default.yaml").string()));
  EXPECT_THAT(outcome.err, HasSubstr("no check matches the filter"));
}

TEST(Cli, ValidateRefusesWhatAKubernetesPodCannotExpressBeforeAnythingStarts) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-cli-test-"));
  auto file = dir.path() / "kind.yaml";
  {
    std::ofstream out(file);
    out << "sandcheck: 1\nname: on-kind\nsubstrate: kind\nruntime: runc\nimage: busybox\n"
           "user: {uid: 1000, gid: 1000}\ntmpfs:\n  - {path: /tmp, noexec: true}\n"
           "limits: {pids: 128}\n";
  }
  auto refused = Cli({"validate", file.string()});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr(file.string()));
  EXPECT_THAT(refused.err, HasSubstr("tmpfs /tmp"));
  EXPECT_THAT(refused.err, HasSubstr("limits.pids: 128"));
  // The shipped references are expressible.
  auto reference =
      Cli({"validate", (kSource / "fixtures/deployments/kind-reference-runsc.yaml").string()});
  EXPECT_EQ(reference.exit_code, 0) << reference.err;
}

TEST(Cli, ValidateRefusesASubstrateThisBuildLacksSayingWhichItHas) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-cli-test-"));
  auto file = dir.path() / "kina.yaml";
  {
    std::ofstream out(file);
    out << "sandcheck: 1\nname: on-kina\nsubstrate: kina\nruntime: runc\nimage: busybox\n"
           "user: {uid: 1000, gid: 1000}\n";
  }
  auto outcome = Cli({"validate", file.string()});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.err, HasSubstr("substrate 'kina' is not available in this build; 'oci', "
                                     "'docker', 'native' and 'kind' are"));
  // With the reason and the fix: kina needs a Mac.
  EXPECT_THAT(outcome.err, HasSubstr("runs only on a Mac with kina installed"));
  EXPECT_THAT(outcome.err, HasSubstr("fix: use substrate kind"));
}

TEST(Cli, ValidateRejectsABadFileWithLineAndFix) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-cli-test-"));
  auto bad = dir.path() / "bad.yaml";
  {
    std::ofstream out(bad);
    out << "sandcheck: 1\nname: bad\nsubstrate: oci\nruntime: runc\nimage: busybox\n"
           "user: {uid: 1000, gid: 1000}\nread_only_rot: true\n";
  }
  auto outcome = Cli({"validate", bad.string()});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.err, HasSubstr(bad.string() + ":7:1"));
  EXPECT_THAT(outcome.err, HasSubstr("read_only_root"));
}

TEST(Cli, ListJsonIsMachineReadableAndFilters) {
  auto outcome = Cli({"list", "--family", "hooks", "--json"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  auto checks = nlohmann::json::parse(outcome.out);
  ASSERT_TRUE(checks.is_array());
  ASSERT_FALSE(checks.empty());
  for (const auto& check : checks) EXPECT_EQ(check.at("family"), "hooks") << check.dump();
}

TEST(Cli, ListRejectsAnUnknownFamilyNamingTheChoices) {
  auto outcome = Cli({"list", "--family", "networking"});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.err, HasSubstr("unknown family 'networking'"));
  EXPECT_THAT(outcome.err, HasSubstr("isolation"));
}

TEST(Cli, ExplainShowsTheMustStatement) {
  auto outcome = Cli({"explain", "hook-001"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("HOOK-001"));
  EXPECT_THAT(outcome.out, HasSubstr("MUST"));
}

TEST(Cli, ExplainOfAnUnknownIdIsAUsageError) {
  auto outcome = Cli({"explain", "NOPE-999"});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.err, HasSubstr("no check 'NOPE-999'"));
}

}  // namespace
}  // namespace sandcheck
