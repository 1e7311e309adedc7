// The docker sweep on a real engine: a run killed with SIGKILL leaves its container and volume
// in the engine, a sweep leaves a live run alone, and the next run's sweep removes everything.
#include "clusters/docker/docker_sweep.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <sstream>

#include "tests/docker/docker_test_env.h"
#include "tests/spawned_helper.h"
#include "tests/test_util.h"

namespace sandcheck::docker_testing {
namespace {

using ::testing::IsEmpty;
using ::testing::SizeIs;

struct Helper {
  pid_t pid = -1;
  std::string run;
  std::string sandbox;
};

// The helper prints "<run> <sandbox>" once its sandbox runs.
Result<Helper> StartHelper(const std::filesystem::path& state, RuntimeKind runtime,
                           Duration timeout) {
  ASSIGN_OR_RETURN(SpawnedHelper spawned,
                   SpawnAndReadLine({SANDCHECK_DOCKER_ABANDON_HELPER, state.string(),
                                     SANDCHECK_PROBE_BINARY, std::string(ToString(runtime))},
                                    timeout));
  Helper helper{spawned.pid, "", ""};
  std::istringstream fields(spawned.line);
  fields >> helper.run >> helper.sandbox;
  if (helper.sandbox.empty()) {
    ::kill(helper.pid, SIGKILL);
    ::waitpid(helper.pid, nullptr, 0);
    return Fail("helper printed no sandbox (got '{}')", spawned.line);
  }
  return helper;
}

class DockerSweepTest : public ::testing::TestWithParam<RuntimeKind> {
 protected:
  void SetUp() override { SKIP_WITHOUT_DOCKER_ENGINE(); }
};

TEST_P(DockerSweepTest, SigkilledRunIsSweptAndLiveRunsAreNot) {
  ASSERT_OK_AND_ASSIGN(TempDir state, TempDir::Create("sandcheck-docker-sweep-"));
  ASSERT_OK_AND_ASSIGN(Helper helper,
                       StartHelper(state.path(), GetParam(), std::chrono::seconds(90)));
  EngineClient engine;

  // Negative control: while the helper lives, another run's sweep leaves its objects alone.
  DockerSubstrateConfig config;
  config.state_dir = state.path();
  config.probe_binary = SANDCHECK_PROBE_BINARY;
  {
    ASSERT_OK_AND_ASSIGN(auto sweeper, DockerSubstrate::Create(config));
    ASSERT_OK(sweeper->SweepAbandoned());
  }
  auto alive = ObjectsOfRun(engine, helper.run);
  EXPECT_THAT(alive, SizeIs(2)) << Describe(alive);  // its container and its volume

  ASSERT_EQ(::kill(helper.pid, SIGKILL), 0);
  ASSERT_EQ(::waitpid(helper.pid, nullptr, 0), helper.pid);
  auto abandoned = ObjectsOfRun(engine, helper.run);
  EXPECT_THAT(abandoned, SizeIs(2)) << "SIGKILL cleans nothing: " << Describe(abandoned);

  // Negative control: a run of another state directory cannot judge these runs' locks and
  // leaves them alone, abandoned or not.
  {
    ASSERT_OK_AND_ASSIGN(TempDir elsewhere, TempDir::Create("sandcheck-docker-elsewhere-"));
    DockerSubstrateConfig other = config;
    other.state_dir = elsewhere.path();
    other.run_id = RunId::Generate();
    ASSERT_OK_AND_ASSIGN(auto stranger, DockerSubstrate::Create(other));
    ASSERT_OK(stranger->SweepAbandoned());
  }
  EXPECT_THAT(ObjectsOfRun(engine, helper.run), SizeIs(2));

  config.run_id = RunId::Generate();
  ASSERT_OK_AND_ASSIGN(auto next, DockerSubstrate::Create(config));
  ASSERT_OK(next->SweepAbandoned());
  EXPECT_THAT(ObjectsOfRun(engine, helper.run), IsEmpty())
      << Describe(ObjectsOfRun(engine, helper.run));
}

INSTANTIATE_TEST_SUITE_P(Runtimes, DockerSweepTest,
                         ::testing::Values(RuntimeKind::kRunc, RuntimeKind::kRunsc),
                         [](const auto& info) { return std::string(ToString(info.param)); });

}  // namespace
}  // namespace sandcheck::docker_testing
