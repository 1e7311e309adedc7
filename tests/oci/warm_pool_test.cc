// The warm pool on real runtimes: claims are exclusive under concurrency, the pool refills,
// dead sandboxes are not handed out, and nothing is left once the pool and leases are gone.
#include "clusters/oci/warm_pool.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <set>
#include <thread>

#include "tests/oci/leftovers.h"
#include "tests/oci/runtime_test_env.h"
#include "tests/oci/test_deployments.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

class WarmPoolTest : public ::testing::TestWithParam<RuntimeKind> {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(state_, TempDir::Create("sandcheck-pool-"));
    ASSERT_OK_AND_ASSIGN(substrate_, OciSubstrate::Create(TestSubstrateConfig(state_->path())));
    runtime_ = substrate_->Runtime(GetParam());
    if (!runtime_) {
      GTEST_SKIP() << ToString(GetParam()) << " unavailable: "
                   << substrate_->Capabilities(GetParam()).capabilities.begin()->second.reason;
    }
    // Every wait below is bounded by this: several creations, scaled for the runtime.
    deadline_ = runtime_->timeouts().runtime_command * 4;
  }

  Result<std::unique_ptr<WarmPool>> MakePool(size_t size) {
    return WarmPool::Create(*substrate_, HardenedDeployment(GetParam()), {.size = size});
  }

  // Traces of every container of this run the runtime lists now (the pool's ready ones).
  std::vector<SandboxTraces> ListedTraces() const {
    std::vector<SandboxTraces> traces;
    auto listed = runtime_->List();
    EXPECT_TRUE(listed.ok()) << listed.message();
    for (const auto& container : listed.ok() ? *listed : std::vector<ListedContainer>{}) {
      if (container.id.find(substrate_->run_id().str()) == std::string::npos) continue;
      traces.push_back(
          {container.id, substrate_->layout().bundle(substrate_->run_id(), container.id),
           container.pid > 0 ? std::vector<pid_t>{container.pid} : std::vector<pid_t>{}});
    }
    return traces;
  }

  std::vector<std::string> LeftoversOf(const std::vector<SandboxTraces>& all) const {
    std::vector<std::string> leftovers;
    for (const auto& traces : all) {
      for (auto& line : FindLeftovers(*runtime_, traces)) leftovers.push_back(std::move(line));
    }
    return leftovers;
  }

  std::optional<TempDir> state_;
  std::unique_ptr<OciSubstrate> substrate_;
  std::shared_ptr<const RuntimeCli> runtime_;
  Duration deadline_{0};
};

Status RunsTheProbe(Sandbox& sandbox) {
  ExecRequest request;
  request.argv = {std::string(kProbePathInSandbox), "--only", "identity"};
  ASSIGN_OR_RETURN(ProcessOutcome outcome, sandbox.Exec(request));
  if (!outcome.Succeeded())
    return Fail("probe in {}: {}: {}", sandbox.name(), outcome.DescribeEnd(), outcome.err);
  return Status::Ok();
}

// More claims than the pool holds, from several threads at once: each claim gets its own
// sandbox, including those the refill thread made while the others were held.
TEST_P(WarmPoolTest, ConcurrentClaimsNeverShareASandbox) {
  ASSERT_OK_AND_ASSIGN(auto pool, MakePool(2));
  ASSERT_OK(pool->WaitUntilFull(deadline_));
  constexpr int kThreads = 3;
  constexpr int kClaimsEach = 2;
  std::mutex mutex;
  std::vector<SandboxLease> leases;
  std::vector<std::string> errors;
  std::vector<std::thread> claimers;
  for (int t = 0; t < kThreads; ++t) {
    claimers.emplace_back([&] {
      for (int n = 0; n < kClaimsEach; ++n) {
        auto lease = pool->Claim(deadline_);
        std::lock_guard lock(mutex);
        if (lease.ok()) {
          leases.push_back(std::move(lease).value());
        } else {
          errors.push_back(lease.message());
        }
      }
    });
  }
  for (auto& claimer : claimers) claimer.join();
  EXPECT_THAT(errors, IsEmpty());
  std::set<std::string> names;
  std::set<const Sandbox*> objects;
  for (const auto& lease : leases) {
    names.insert(lease->name());
    objects.insert(lease.get());
    EXPECT_OK(RunsTheProbe(*lease));
  }
  EXPECT_THAT(names, SizeIs(kThreads * kClaimsEach));
  EXPECT_THAT(objects, SizeIs(kThreads * kClaimsEach));
  EXPECT_EQ(pool->stats().claimed, static_cast<size_t>(kThreads * kClaimsEach));
}

TEST_P(WarmPoolTest, RefillsWhatWasClaimed) {
  ASSERT_OK_AND_ASSIGN(auto pool, MakePool(2));
  ASSERT_OK(pool->WaitUntilFull(deadline_));
  ASSERT_OK_AND_ASSIGN(SandboxLease first, pool->Claim(deadline_));
  ASSERT_OK(pool->WaitUntilFull(deadline_));
  EXPECT_EQ(pool->ready(), 2u);
  EXPECT_EQ(pool->stats().created, 3u);
  ASSERT_OK_AND_ASSIGN(SandboxLease second, pool->Claim(deadline_));
  EXPECT_NE(first->name(), second->name());
  EXPECT_OK(RunsTheProbe(*second));
}

// A sandbox whose init died while it waited in the pool is destroyed, not handed out.
TEST_P(WarmPoolTest, DeadSandboxIsNotHandedOut) {
  ASSERT_OK_AND_ASSIGN(auto pool, MakePool(1));
  ASSERT_OK(pool->WaitUntilFull(deadline_));
  auto waiting = ListedTraces();
  ASSERT_THAT(waiting, SizeIs(1));
  ASSERT_OK(runtime_->Kill(waiting[0].container_id, SIGKILL));
  ASSERT_FALSE(waiting[0].pids.empty());
  // The init is ours (subreaper): it stays a zombie, which InitAlive reads, until reaped.
  auto stat = "/proc/" + std::to_string(waiting[0].pids[0]) + "/stat";
  auto until = std::chrono::steady_clock::now() + deadline_;
  while (std::chrono::steady_clock::now() < until) {
    auto text = ReadFile(stat);
    if (!text.ok() || text->find(") Z") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_OK_AND_ASSIGN(SandboxLease lease, pool->Claim(deadline_));
  EXPECT_NE(lease->name(), waiting[0].container_id);
  EXPECT_OK(RunsTheProbe(*lease));
  EXPECT_EQ(pool->stats().discarded, 1u);
  ASSERT_OK(pool->WaitUntilFull(deadline_));  // the dead one is buried by the refill thread
  EXPECT_THAT(LeftoversOf({waiting[0]}), IsEmpty());
}

// The pool's destructor removes what was never claimed; a claimed lease outlives the pool
// and cleans up after itself.
TEST_P(WarmPoolTest, NothingLeftAfterThePoolAndItsLeasesAreGone) {
  ASSERT_OK_AND_ASSIGN(auto pool, MakePool(2));
  ASSERT_OK(pool->WaitUntilFull(deadline_));
  ASSERT_OK_AND_ASSIGN(SandboxLease claimed, pool->Claim(deadline_));
  auto all = ListedTraces();  // the claimed one, the other ready one, perhaps a refill
  ASSERT_THAT(all.size(), ::testing::Ge(2u));
  pool.reset();
  EXPECT_OK(RunsTheProbe(*claimed));
  claimed.reset();
  EXPECT_THAT(LeftoversOf(all), IsEmpty());
  EXPECT_THAT(LeftoversOf(ListedTraces()), IsEmpty());
  EXPECT_THAT(ListedTraces(), IsEmpty());
}

// A claim on a pool that cannot create fails with the cause, without waiting out its deadline.
TEST_P(WarmPoolTest, ClaimOnAPoolThatCannotCreateFailsWithTheCause) {
  Deployment broken = HardenedDeployment(GetParam());
  broken.binds = {{"/nonexistent/sandcheck-source", "/data", true}};
  ASSERT_OK_AND_ASSIGN(auto pool, WarmPool::Create(*substrate_, broken, {.size = 1}));
  auto lease = pool->Claim(std::chrono::hours(1));  // a hang here fails by ctest's timeout
  ASSERT_FALSE(lease.ok());
  EXPECT_THAT(lease.message(), HasSubstr("creating a sandbox failed"));
  EXPECT_THAT(lease.message(), HasSubstr(" create "));
  pool.reset();
  EXPECT_THAT(ListedTraces(), IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(Runtimes, WarmPoolTest, kAllRuntimes, RuntimeParamName);

TEST(WarmPoolConfigTest, SizeZeroIsRefused) {
  ASSERT_OK_AND_ASSIGN(auto state, TempDir::Create("sandcheck-pool-"));
  ASSERT_OK_AND_ASSIGN(auto substrate, OciSubstrate::Create(TestSubstrateConfig(state.path())));
  auto pool = WarmPool::Create(*substrate, HardenedDeployment(), {.size = 0});
  ASSERT_FALSE(pool.ok());
  EXPECT_THAT(pool.message(), HasSubstr("size 0"));
}

}  // namespace
}  // namespace sandcheck
