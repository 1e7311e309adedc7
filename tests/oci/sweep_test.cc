// The sweep on real runtimes: a run killed with SIGKILL leaves its sandbox behind, and the
// next substrate's sweep removes all of it, while live runs and foreign containers stay.
#include "clusters/oci/sweep.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "clusters/oci/child_reaper.h"
#include "clusters/oci/rootfs_cache.h"
#include "core/fs_util.h"
#include "core/process.h"
#include "tests/oci/leftovers.h"
#include "tests/oci/runtime_test_env.h"
#include "tests/oci/test_deployments.h"
#include "tests/spawned_helper.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::Not;

using Helper = SpawnedHelper;

Result<Helper> StartAbandonHelper(const std::filesystem::path& state_dir, RuntimeKind runtime,
                                  Duration timeout, bool pooled = false) {
  std::vector<std::string> args = {SANDCHECK_ABANDON_HELPER, state_dir.string(),
                                   SANDCHECK_PROBE_BINARY, std::string(ToString(runtime))};
  if (pooled) args.push_back("pool");
  return SpawnAndReadLine(std::move(args), timeout);
}

// Whether a `create` of `run` is still running: a run killed mid-Acquire leaves its runtime
// command running (it has its own process group), and what it creates after a sweep is only
// found by the next sweep. crun's container init keeps the create command line until
// `start`, so a create whose container the runtime lists has finished.
bool CreateOfRunStillRunning(const RunId& run, const RuntimeCli& runtime) {
  auto listed = runtime.List();
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    auto cmdline = ReadFile(entry.path() / "cmdline");
    if (!cmdline.ok() || cmdline->empty()) continue;
    std::replace(cmdline->begin(), cmdline->end(), '\0', ' ');
    if (cmdline->find(" create ") == std::string::npos ||
        cmdline->find(run.str()) == std::string::npos) {
      continue;
    }
    std::istringstream words(*cmdline);
    std::string id;
    for (std::string word; words >> word;) id = word;  // the container id comes last
    bool is_listed = listed.ok() && std::any_of(listed->begin(), listed->end(),
                                                [&](const auto& c) { return c.id == id; });
    if (!is_listed) return true;
  }
  return false;
}

class SweepTest : public ::testing::TestWithParam<RuntimeKind> {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(state_, TempDir::Create("sandcheck-sweep-"));
    // Created before the helper runs: this process must be the subreaper that inherits the
    // helper's container processes when it dies, so the sweep can reap them.
    ASSERT_OK_AND_ASSIGN(sweeper_, OciSubstrate::Create(TestSubstrateConfig(state_->path())));
    runtime_ = sweeper_->Runtime(GetParam());
    if (!runtime_) GTEST_SKIP() << ToString(GetParam()) << " unavailable";
  }

  std::optional<TempDir> state_;
  std::unique_ptr<OciSubstrate> sweeper_;
  std::shared_ptr<const RuntimeCli> runtime_;
};

TEST_P(SweepTest, RemovesEverythingOfARunKilledWithSigkill) {
  ASSERT_OK_AND_ASSIGN(Helper helper,
                       StartAbandonHelper(state_->path(), GetParam(), std::chrono::seconds(60)));
  std::istringstream words(helper.line);
  std::string run_text, id;
  words >> run_text >> id;
  ASSERT_OK_AND_ASSIGN(RunId run, RunId::Parse(run_text));
  const StateLayout& layout = sweeper_->layout();
  SandboxTraces traces{id, layout.bundle(run, id), {}};
  ASSERT_OK_AND_ASSIGN(auto listed, runtime_->List());
  for (const auto& container : listed) {
    if (container.id == id) traces.pids.push_back(container.pid);
  }
  ASSERT_THAT(traces.pids, ::testing::SizeIs(1)) << id << " not listed";

  ASSERT_EQ(::kill(helper.pid, SIGKILL), 0);
  ASSERT_EQ(::waitpid(helper.pid, nullptr, 0), helper.pid);
  EXPECT_THAT(ListedIds(*runtime_), Contains(id)) << "the killed run's container should outlive it";
  EXPECT_TRUE(std::filesystem::exists(layout.locks() / (run.str() + ".lock")));

  ASSERT_OK(sweeper_->SweepAbandoned());
  EXPECT_THAT(FindLeftovers(*runtime_, traces), IsEmpty());
  EXPECT_FALSE(std::filesystem::exists(layout.run(run)));
  EXPECT_FALSE(std::filesystem::exists(layout.locks() / (run.str() + ".lock")));
  EXPECT_TRUE(std::filesystem::exists(layout.locks() / (sweeper_->run_id().str() + ".lock")));
}

// A run killed while its warm pool refills: the sweep removes the claimed sandbox, the ready
// one and the one half made, all found by the run id in their names.
TEST_P(SweepTest, RemovesTheWarmPoolOfARunKilledWhileRefilling) {
  ASSERT_OK_AND_ASSIGN(Helper helper, StartAbandonHelper(state_->path(), GetParam(),
                                                         std::chrono::seconds(120), true));
  std::istringstream words(helper.line);
  std::string run_text, claimed;
  words >> run_text >> claimed;
  ASSERT_OK_AND_ASSIGN(RunId run, RunId::Parse(run_text));
  const StateLayout& layout = sweeper_->layout();
  std::vector<SandboxTraces> all;
  for (int n = 1; n <= 3; ++n) {  // two made to fill the pool, the third refilling
    std::string id = ResourceName(run, fmt::format("pool-{}", n));
    all.push_back({id, layout.bundle(run, id), {}});
  }
  ASSERT_OK_AND_ASSIGN(auto listed, runtime_->List());
  for (const auto& container : listed) {
    for (auto& traces : all) {
      if (container.id == traces.container_id && container.pid > 0) {
        traces.pids.push_back(container.pid);
      }
    }
  }
  EXPECT_THAT(ListedIds(*runtime_), Contains(claimed));

  ASSERT_EQ(::kill(helper.pid, SIGKILL), 0);
  ASSERT_EQ(::waitpid(helper.pid, nullptr, 0), helper.pid);
  auto deadline = std::chrono::steady_clock::now() + runtime_->timeouts().runtime_command;
  while (CreateOfRunStillRunning(run, *runtime_) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_FALSE(CreateOfRunStillRunning(run, *runtime_))
      << "the killed run's create outlived the deadline";
  ASSERT_OK(sweeper_->SweepAbandoned());
  for (const auto& traces : all) {
    EXPECT_THAT(FindLeftovers(*runtime_, traces), IsEmpty()) << traces.container_id;
  }
  for (const auto& id : ListedIds(*runtime_)) {
    EXPECT_THAT(id, Not(::testing::HasSubstr(run.str()))) << "left by the killed run";
  }
  EXPECT_FALSE(std::filesystem::exists(layout.run(run)));
}

TEST_P(SweepTest, LeavesLiveRunsAlone) {
  ASSERT_OK_AND_ASSIGN(auto live, OciSubstrate::Create(TestSubstrateConfig(state_->path())));
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, live->Acquire(HardenedDeployment(GetParam()), {}));
  ASSERT_OK(sweeper_->SweepAbandoned());
  EXPECT_THAT(ListedIds(*runtime_), Contains(sandbox->name()));
  EXPECT_TRUE(std::filesystem::exists(RootfsOf(*sandbox) / "bin/busybox"));
  EXPECT_OK(sandbox->Destroy());
}

TEST_P(SweepTest, RemovesHalfBuiltRootfsTreesOfAbandonedRuns) {
  RunId dead = RunId::Generate();
  auto build_dir =
      sweeper_->layout().rootfs_cache() / (std::string(kRootfsBuildPrefix) + dead.str() + "-1");
  std::filesystem::create_directories(build_dir / "bin");
  auto live_build = sweeper_->layout().rootfs_cache() /
                    (std::string(kRootfsBuildPrefix) + sweeper_->run_id().str() + "-1");
  std::filesystem::create_directories(live_build);
  ASSERT_OK(sweeper_->SweepAbandoned());
  EXPECT_FALSE(std::filesystem::exists(build_dir));
  EXPECT_TRUE(std::filesystem::exists(live_build));
}

INSTANTIATE_TEST_SUITE_P(Runtimes, SweepTest, kAllRuntimes, RuntimeParamName);

// A container that is not named by sandcheck, in sandcheck's runtime root, must survive.
TEST(Sweep, NeverTouchesForeignContainers) {
  ASSERT_OK_AND_ASSIGN(TempDir state, TempDir::Create("sandcheck-sweep-"));
  ASSERT_OK_AND_ASSIGN(auto owner, OciSubstrate::Create(TestSubstrateConfig(state.path())));
  auto runc = owner->Runtime(RuntimeKind::kRunc);
  if (!runc) GTEST_SKIP() << "runc unavailable";
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, owner->Acquire(HardenedDeployment(), {}));

  // A second container on the same rootfs, under a name without the "sc-" prefix.
  auto foreign_bundle = state.path() / "foreign";
  std::filesystem::create_directories(foreign_bundle);
  ASSERT_OK_AND_ASSIGN(std::string text,
                       ReadFile(RootfsOf(*sandbox).parent_path() / "config.json"));
  auto config = nlohmann::json::parse(text);
  config["root"]["path"] = RootfsOf(*sandbox).string();
  config["linux"]["cgroupsPath"] = "/sandcheck-foreign/foreign-1";
  ASSERT_OK(WriteFile(foreign_bundle / "config.json", config.dump(), 0644));
  ProcessSpec create;
  create.argv = runc->Argv({"run", "--detach", "--bundle", foreign_bundle.string(), "foreign-1"});
  create.stdout_sink = OutputSink::Discard();
  create.stderr_sink = OutputSink::File(foreign_bundle / "stderr");
  ASSERT_OK(RunChecked(create));
  auto foreign_pids = ChildrenInContainerCgroup("foreign-1");

  ASSERT_OK_AND_ASSIGN(auto sweeper, OciSubstrate::Create(TestSubstrateConfig(state.path())));
  ASSERT_OK(sandbox->Destroy());
  owner.reset();  // the owner's run is now abandoned, and empty
  ASSERT_OK(sweeper->SweepAbandoned());
  EXPECT_THAT(ListedIds(*runc), Contains("foreign-1"));

  ASSERT_OK(runc->Kill("foreign-1", SIGKILL));
  EXPECT_OK(ReapChildren(foreign_pids, std::chrono::seconds(10)));
  ASSERT_OK(runc->Delete("foreign-1"));
}

}  // namespace
}  // namespace sandcheck
