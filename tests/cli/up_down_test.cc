// `sandcheck up` / `sandcheck down` as a user meets them, on both substrates: up prints the
// sandbox's name and holds it running until down, which returns once it is gone; `up --detach`
// returns once the sandbox is ready (so `name=$(sandcheck up --detach ...)` works), the sweep
// leaves it running unless --detached asks for it, and down removes it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

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

class UpDownTest : public ::testing::TestWithParam<UpDownCase> {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to start sandboxes";
    if (GetParam().name == "docker") {
      if (Status ping = EngineClient().Ping(); !ping.ok()) {
        GTEST_SKIP() << "SKIPPED: no Docker engine: " << ping.message();
      }
    }
  }
};

TEST_P(UpDownTest, UpHoldsTheSandboxUntilDown) {
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

TEST_P(UpDownTest, DetachedUpReturnsOnceReadyAndOnlyDownOrAskedSweepsRemoveIt) {
  ASSERT_OK_AND_ASSIGN(TempDir state, TempDir::Create("sandcheck-up-"));
  std::string state_dir = state.path().string();
  std::string fixture = (kDeployments / GetParam().fixture).string();
  auto detached = [&] {
    // RunCli reads stdout to its end: a holder that kept it open would hang here.
    auto up = RunCli({"up", "--detach", fixture, "--state-dir", state_dir});
    EXPECT_EQ(up.exit_code, 0) << up.err;
    EXPECT_THAT(up.err, ::testing::HasSubstr("a background process holds it"));
    return up.out.substr(0, up.out.find('\n'));
  };

  std::string name = detached();
  ASSERT_THAT(name, ::testing::StartsWith("sc-"));
  auto running = GetParam().running(state.path(), name);
  EXPECT_TRUE(running.ok() && *running) << name << " is not running after up --detach returned";

  // An unrelated sweep (every run's start does one) leaves it alone.
  auto sweep = RunCli({"sweep", "--state-dir", state_dir});
  EXPECT_EQ(sweep.exit_code, 0) << sweep.err;
  EXPECT_THAT(sweep.err, ::testing::HasSubstr("left 1 detached sandbox(es) running"));
  running = GetParam().running(state.path(), name);
  EXPECT_TRUE(running.ok() && *running) << name << " was swept although up --detach holds it";

  auto down = RunCli({"down", name, "--state-dir", state_dir});
  EXPECT_EQ(down.exit_code, 0) << down.err;
  EXPECT_THAT(down.err, ::testing::HasSubstr(name + " is gone"));
  auto after = GetParam().running(state.path(), name);
  EXPECT_TRUE(after.ok() && !*after) << name << " still runs after down";
  EXPECT_FALSE(std::filesystem::exists(state.path() / "up" / (name + ".pid")));
  EXPECT_FALSE(std::filesystem::exists(state.path() / "up" / (name + ".log")));

  // Asked explicitly, the sweep takes detached sandboxes too.
  std::string second = detached();
  ASSERT_THAT(second, ::testing::StartsWith("sc-"));
  auto asked = RunCli({"sweep", "--detached", "--state-dir", state_dir});
  EXPECT_EQ(asked.exit_code, 0) << asked.err;
  EXPECT_THAT(asked.err, ::testing::HasSubstr(second + " (detached) is gone"));
  after = GetParam().running(state.path(), second);
  EXPECT_TRUE(after.ok() && !*after) << second << " still runs after sweep --detached";
  auto again = RunCli({"down", second, "--state-dir", state_dir});
  EXPECT_EQ(again.exit_code, 2);
}

TEST_P(UpDownTest, ASweepRemovesADetachedSandboxWhoseHolderDied) {
  ASSERT_OK_AND_ASSIGN(TempDir state, TempDir::Create("sandcheck-up-"));
  std::string state_dir = state.path().string();
  auto up = RunCli(
      {"up", "--detach", (kDeployments / GetParam().fixture).string(), "--state-dir", state_dir});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  std::string name = up.out.substr(0, up.out.find('\n'));
  pid_t holder = 0;
  std::ifstream(state.path() / "up" / (name + ".pid")) >> holder;
  ASSERT_GT(holder, 0);
  // The holder is not this test's child: wait for it to vanish after SIGKILL.
  ASSERT_EQ(::kill(holder, SIGKILL), 0);
  for (int i = 0; i < 500 && ::kill(holder, 0) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }

  auto sweep = RunCli({"sweep", "--state-dir", state_dir});
  EXPECT_EQ(sweep.exit_code, 0) << sweep.err;
  auto after = GetParam().running(state.path(), name);
  EXPECT_TRUE(after.ok() && !*after) << name << " outlived its dead holder's sweep";
  EXPECT_FALSE(std::filesystem::exists(state.path() / "up" / (name + ".pid")));
}

INSTANTIATE_TEST_SUITE_P(Substrates, UpDownTest,
                         ::testing::Values(UpDownCase{"reference-runc.yaml", RuncRuns, "oci"},
                                           UpDownCase{"docker-reference-runc.yaml", EngineRuns,
                                                      "docker"}),
                         [](const auto& info) { return info.param.name; });

TEST(UpDown, UpRefusesASubstrateThisBuildLacks) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sandcheck-up-"));
  auto file = dir.path() / "kina.yaml";
  {
    std::ofstream out(file);
    out << "sandcheck: 1\nname: on-kina\nsubstrate: kina\nruntime: runc\nimage: busybox\n"
           "user: {uid: 1000, gid: 1000}\n";
  }
  auto outcome = RunCli({"up", file.string(), "--state-dir", dir.path().string()});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.err, ::testing::HasSubstr("'oci', 'docker', 'native' and 'kind' are"));
}

}  // namespace
}  // namespace sandcheck
