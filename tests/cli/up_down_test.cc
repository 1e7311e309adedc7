// `sandcheck up` / `sandcheck down` as a user meets them, on both substrates: up prints the
// sandbox's name and holds it running until down, which returns once it is gone.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "clusters/docker/engine_client.h"
#include "core/process.h"
#include "core/temp_dir.h"
#include "tests/spawned_helper.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

const std::filesystem::path kDeployments =
    std::filesystem::path(SANDCHECK_SOURCE_DIR) / "fixtures" / "deployments";

ProcessOutcome RunCli(std::vector<std::string> args) {
  args.insert(args.begin(), SANDCHECK_CLI_PATH);
  ProcessSpec spec;
  spec.argv = std::move(args);
  spec.timeout = std::chrono::seconds(120);
  auto outcome = RunProcess(spec);
  EXPECT_TRUE(outcome.ok()) << outcome.message();
  return outcome.ok() ? outcome.value() : ProcessOutcome{};
}

// Whether the substrate still runs the sandbox `name`, asked of the runtime or engine itself.
using RunningCheck =
    std::function<Result<bool>(const std::filesystem::path& state, const std::string& name)>;

Result<bool> RuncRuns(const std::filesystem::path& state, const std::string& name) {
  ProcessSpec spec;
  spec.argv = {"runc", "--root", (state / "runtime" / "runc").string(), "state", name};
  ASSIGN_OR_RETURN(ProcessOutcome outcome, RunProcess(spec));
  if (outcome.exit_code != 0) return false;
  return nlohmann::json::parse(outcome.out).value("status", "") == "running";
}

Result<bool> EngineRuns(const std::filesystem::path&, const std::string& name) {
  auto inspected = EngineClient().Json("GET", "/containers/" + name + "/json", nullptr,
                                       std::chrono::seconds(30));
  if (!inspected.ok()) return false;  // 404 once removed
  return inspected->at("State").value("Running", false);
}

struct UpDownCase {
  std::string fixture;
  RunningCheck running;
  std::string name;
};

void PrintTo(const UpDownCase& c, std::ostream* out) { *out << c.fixture; }

class UpDownTest : public ::testing::TestWithParam<UpDownCase> {};

TEST_P(UpDownTest, UpHoldsTheSandboxUntilDown) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to start sandboxes";
  if (GetParam().name == "docker") {
    if (Status ping = EngineClient().Ping(); !ping.ok()) {
      GTEST_SKIP() << "SKIPPED: no Docker engine: " << ping.message();
    }
  }
  ASSERT_OK_AND_ASSIGN(TempDir state, TempDir::Create("sandcheck-up-"));
  ASSERT_OK_AND_ASSIGN(
      SpawnedHelper holder,
      SpawnAndReadLine({SANDCHECK_CLI_PATH, "up", (kDeployments / GetParam().fixture).string(),
                        "--state-dir", state.path().string()},
                       std::chrono::seconds(180)));
  std::string name = holder.line.substr(0, holder.line.find('\n'));
  ASSERT_THAT(name, ::testing::StartsWith("sc-"));

  auto running = GetParam().running(state.path(), name);
  EXPECT_TRUE(running.ok() && *running) << name << " is not running while up holds it";

  auto down = RunCli({"down", name, "--state-dir", state.path().string()});
  EXPECT_EQ(down.exit_code, 0) << down.err;
  EXPECT_THAT(down.err, ::testing::HasSubstr(name + " is gone"));
  int status = 0;
  ASSERT_EQ(::waitpid(holder.pid, &status, 0), holder.pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "up's exit status " << status;

  auto after = GetParam().running(state.path(), name);
  EXPECT_TRUE(after.ok() && !*after) << name << " still runs after down";
  auto again = RunCli({"down", name, "--state-dir", state.path().string()});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_THAT(again.err, ::testing::HasSubstr("no live `sandcheck up` holds " + name));
}

INSTANTIATE_TEST_SUITE_P(Substrates, UpDownTest,
                         ::testing::Values(UpDownCase{"reference-runc.yaml", RuncRuns, "oci"},
                                           UpDownCase{"docker-reference-runc.yaml", EngineRuns,
                                                      "docker"}),
                         [](const auto& info) { return info.param.name; });

TEST(UpDown, UpRefusesASubstrateThisBuildLacks) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-up-"));
  auto file = dir.path() / "kind.yaml";
  {
    std::ofstream out(file);
    out << "sandcheck: 1\nname: on-kind\nsubstrate: kind\nruntime: runc\nimage: busybox\n"
           "user: {uid: 1000, gid: 1000}\n";
  }
  auto outcome = RunCli({"up", file.string(), "--state-dir", dir.path().string()});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.err, ::testing::HasSubstr("'oci' and 'docker' are"));
}

}  // namespace
}  // namespace sandcheck
