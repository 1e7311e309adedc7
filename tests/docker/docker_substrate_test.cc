// The docker substrate on a real engine: each test runs once per runtime (runc, runsc), and
// every teardown test asserts that the engine holds nothing labelled with the run afterwards.
#include "clusters/docker/docker_substrate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "clusters/docker/docker_sandbox.h"
#include "clusters/oci/image_spec.h"
#include "clusters/world/netns_socket.h"
#include "servers/canary_sink.h"
#include "tests/docker/docker_test_env.h"
#include "tests/oci/test_deployments.h"
#include "tests/test_util.h"

namespace sandcheck::docker_testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class DockerSubstrateTest : public ::testing::TestWithParam<RuntimeKind> {
 protected:
  void SetUp() override {
    SKIP_WITHOUT_DOCKER_ENGINE();
    ASSERT_OK_AND_ASSIGN(env_, MakeTestSubstrate());
    auto capabilities = substrate().Capabilities(GetParam());
    if (capabilities.runtime_version.empty()) {
      GTEST_SKIP() << "SKIPPED: " << ToString(GetParam()) << " unavailable on docker: "
                   << capabilities.capabilities.begin()->second.reason;
    }
  }

  DockerSubstrate& substrate() { return *env_->substrate; }
  std::string run() { return substrate().run_id().str(); }
  Deployment Hardened() const {
    Deployment deployment = HardenedDeployment(GetParam());
    deployment.substrate = SubstrateKind::kDocker;
    if (GetParam() == RuntimeKind::kRunsc) deployment.limits.pids = 1024;  // the Sentry's threads
    return deployment;
  }

  Result<ProcessOutcome> Run(Sandbox& sandbox, std::vector<std::string> argv,
                             std::string stdin_data = "") {
    ExecRequest request;
    request.argv = std::move(argv);
    request.stdin_data = std::move(stdin_data);
    return sandbox.Exec(request);
  }

  Result<json> Probe(Sandbox& sandbox, const std::string& sections) {
    ASSIGN_OR_RETURN(ProcessOutcome outcome,
                     Run(sandbox, {std::string(kProbePathInSandbox), "--only", sections}));
    if (!outcome.Succeeded()) return Fail("probe: {}: {}", outcome.DescribeEnd(), outcome.err);
    json document = json::parse(outcome.out, nullptr, false);
    if (document.is_discarded()) return Fail("probe printed no JSON: {}", outcome.out);
    return document;
  }

  std::optional<TestSubstrate> env_;
};

TEST_P(DockerSubstrateTest, HardenedSandboxRunsTheProbeAsTheAgent) {
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, substrate().Acquire(Hardened(), {.purpose = "probe"}));
  EXPECT_THAT(sandbox->name(), HasSubstr(run()));
  // Every optional part of the Sandbox interface: docker offers them all.
  EXPECT_NE(sandbox->exec_as_user(), nullptr);
  EXPECT_NE(sandbox->crash_simulator(), nullptr);
  EXPECT_NE(sandbox->host_rootfs(), nullptr);
  ASSERT_OK_AND_ASSIGN(json evidence, Probe(*sandbox, "identity,capabilities,security,hostname"));
  EXPECT_EQ(evidence["identity"]["uid"], 1000);
  EXPECT_EQ(evidence["identity"]["gid"], 1000);
  EXPECT_EQ(evidence["identity"]["username"], "agent");
  EXPECT_THAT(evidence["capabilities"]["effective"], IsEmpty());
  EXPECT_THAT(evidence["capabilities"]["bounding"], IsEmpty());
  EXPECT_EQ(evidence["security"]["no_new_privs_prctl"], 1);
  EXPECT_EQ(evidence["hostname"]["name"], "sandbox");

  // Negative control: the same mapping with root and the default capabilities shows them.
  Deployment loose = Hardened();
  loose.user = {0, 0, {}};
  loose.capabilities_drop.clear();
  ASSERT_OK_AND_ASSIGN(SandboxLease root, substrate().Acquire(loose, {.purpose = "root"}));
  ASSERT_OK_AND_ASSIGN(json root_evidence, Probe(*root, "identity,capabilities"));
  EXPECT_EQ(root_evidence["identity"]["uid"], 0);
  EXPECT_THAT(root_evidence["capabilities"]["bounding"], Not(IsEmpty()));
}

TEST_P(DockerSubstrateTest, ExecPassesStdinEnvironmentAndExitCode) {
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, substrate().Acquire(Hardened(), {.purpose = "exec"}));
  ExecRequest request;
  request.argv = {"/bin/sh", "-c",
                  "cat; echo \" $GREETING\"; env | grep -c SANDCHECK_STDIN; exit 7"};
  request.stdin_data = "from stdin";
  request.env = {{"GREETING", "hello"}};
  ASSERT_OK_AND_ASSIGN(ProcessOutcome outcome, sandbox->Exec(request));
  EXPECT_EQ(outcome.exit_code, 7) << outcome.err;
  // The stdin variable never reaches the command: grep -c counts 0.
  EXPECT_EQ(outcome.out, "from stdin hello\n0\n");

  ASSERT_OK_AND_ASSIGN(ProcessOutcome err, Run(*sandbox, {"/bin/sh", "-c", "echo oops >&2"}));
  EXPECT_EQ(err.exit_code, 0);
  EXPECT_EQ(err.out, "");
  EXPECT_EQ(err.err, "oops\n");
}

TEST_P(DockerSubstrateTest, ExecHasADeadline) {
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, substrate().Acquire(Hardened(), {.purpose = "slow"}));
  ExecRequest request;
  request.argv = {"/bin/sleep", "60"};
  request.timeout = std::chrono::seconds(8);  // a loaded machine takes seconds for runsc's exec
  ASSERT_OK_AND_ASSIGN(ProcessOutcome outcome, sandbox->Exec(request));
  EXPECT_TRUE(outcome.timed_out);
  EXPECT_LT(outcome.elapsed, std::chrono::seconds(30));
  // The timed-out command was killed, not left running: no sleep is left in the sandbox.
  ASSERT_OK_AND_ASSIGN(ProcessOutcome left,
                       Run(*sandbox, {"/bin/sh", "-c", "ps -o comm | grep -c sleep"}));
  EXPECT_EQ(left.out, "0\n") << left.err;
  // Negative control: a quick command under the same deadline does not time out.
  request.argv = {"/bin/true"};
  ASSERT_OK_AND_ASSIGN(ProcessOutcome quick, sandbox->Exec(request));
  EXPECT_FALSE(quick.timed_out);
  EXPECT_EQ(quick.exit_code, 0);
}

TEST_P(DockerSubstrateTest, NamedVolumeSurvivesRecreateWithinTheRun) {
  Deployment deployment = Hardened();
  deployment.volumes = {{"claude-home", "/home/agent/.claude"}};
  {
    ASSERT_OK_AND_ASSIGN(SandboxLease first, substrate().Acquire(deployment, {.purpose = "v1"}));
    ASSERT_OK_AND_ASSIGN(ProcessOutcome wrote,
                         Run(*first, {"/bin/sh", "-c", "echo kept > /home/agent/.claude/s"}));
    ASSERT_EQ(wrote.exit_code, 0) << wrote.err;
    ASSERT_OK(first->Destroy());
  }
  ASSERT_OK_AND_ASSIGN(SandboxLease second, substrate().Acquire(deployment, {.purpose = "v2"}));
  ASSERT_OK_AND_ASSIGN(ProcessOutcome read, Run(*second, {"/bin/cat", "/home/agent/.claude/s"}));
  EXPECT_EQ(read.out, "kept\n") << read.err;

  // Negative control: another volume name does not see the file.
  Deployment other = deployment;
  other.volumes = {{"other-home", "/home/agent/.claude"}};
  ASSERT_OK_AND_ASSIGN(SandboxLease third, substrate().Acquire(other, {.purpose = "v3"}));
  ASSERT_OK_AND_ASSIGN(ProcessOutcome missing, Run(*third, {"/bin/cat", "/home/agent/.claude/s"}));
  EXPECT_NE(missing.exit_code, 0);
}

TEST_P(DockerSubstrateTest, NothingIsLeftAfterDestroyFailedAcquireAndTheRun) {
  std::string run_id = run();
  EngineClient engine;
  Deployment deployment = Hardened();
  deployment.volumes = {{"claude-home", "/home/agent/.claude"}};
  {
    ASSERT_OK_AND_ASSIGN(SandboxLease sandbox,
                         substrate().Acquire(deployment, {.purpose = "gone"}));
    // Negative control: while it lives, the engine lists its container and volume.
    auto live = ObjectsOfRun(engine, run_id);
    EXPECT_EQ(live.size(), 2u) << Describe(live);
    ASSERT_OK(sandbox->Destroy());
    auto after_destroy = ObjectsOfRun(engine, run_id);
    EXPECT_EQ(after_destroy.size(), 1u)
        << "only the volume outlives a sandbox: " << Describe(after_destroy);
  }
  Deployment broken = deployment;
  broken.binds = {{"/nonexistent/sandcheck-source", "/data", false}};
  auto failed = substrate().Acquire(broken, {.purpose = "broken"});
  ASSERT_FALSE(failed.ok());
  EXPECT_THAT(failed.message(), HasSubstr("/nonexistent/sandcheck-source"));
  EXPECT_EQ(ObjectsOfRun(engine, run_id).size(), 1u) << Describe(ObjectsOfRun(engine, run_id));

  env_->substrate.reset();  // the run ends: its volumes go
  EXPECT_THAT(ObjectsOfRun(engine, run_id), IsEmpty()) << Describe(ObjectsOfRun(engine, run_id));
}

TEST_P(DockerSubstrateTest, ExecInAKilledSandboxIsAnError) {
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, substrate().Acquire(Hardened(), {.purpose = "kill"}));
  ASSERT_OK_AND_ASSIGN(ProcessOutcome alive, Run(*sandbox, {"/bin/true"}));
  EXPECT_EQ(alive.exit_code, 0);  // negative control: before the kill, exec works
  ASSERT_NE(sandbox->crash_simulator(), nullptr);
  ASSERT_OK(sandbox->crash_simulator()->Kill(SIGKILL));
  // The engine records the death asynchronously; within the deadline exec must refuse.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  Result<ProcessOutcome> after = Run(*sandbox, {"/bin/true"});
  while (after.ok() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    after = Run(*sandbox, {"/bin/true"});
  }
  ASSERT_FALSE(after.ok());
  EXPECT_THAT(after.message(), HasSubstr("not running"));
}

// A sandbox that stops under a running exec (its memory limit hit, or killed) ends that exec:
// under runsc the engine keeps the exec's stream open after the container is gone, and only the
// exec's deadline would end it.
TEST_P(DockerSubstrateTest, AnExecEndsWhenItsSandboxStops) {
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, substrate().Acquire(Hardened(), {.purpose = "stop"}));
  ExecRequest request;
  request.argv = {"/bin/sleep", "600"};
  request.timeout = std::chrono::seconds(300);
  auto running = std::async(std::launch::async, [&] { return sandbox->Exec(request); });
  // The sleep must be running before the kill, or the kill proves nothing.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::string seen;
  while (std::chrono::steady_clock::now() < deadline) {
    auto ps = Run(*sandbox, {"/bin/sh", "-c", "ps -o comm | grep -c '^sleep'"});
    seen = ps.ok() ? ps->out : ps.message();
    if (seen == "1\n") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(seen, "1\n") << "the sleep never showed up in the sandbox";
  ASSERT_NE(sandbox->crash_simulator(), nullptr);
  ASSERT_OK(sandbox->crash_simulator()->Kill(SIGKILL));
  Result<ProcessOutcome> ended = running.get();
  if (ended.ok()) {
    EXPECT_FALSE(ended->timed_out) << "the exec waited out its deadline after the sandbox stopped";
  } else {
    EXPECT_THAT(ended.message(), HasSubstr("the sandbox stopped while"));
  }
}

// `network: world`: the engine's empty namespace is wired to the run's world after start, so
// the first exec already reaches a harness-owned host, and nothing routes anywhere else.
TEST_P(DockerSubstrateTest, AWorldSandboxReachesTheWorldsHostsAndHasNoWayOut) {
  Deployment deployment = Hardened();
  deployment.network = NetworkMode::kWorld;
  ASSERT_OK_AND_ASSIGN(World * world, substrate().EnsureWorld());
  ASSERT_OK_AND_ASSIGN(int fd, ListenInNamespace(world->Host("allowed")->path(), 8080));
  ASSERT_OK_AND_ASSIGN(auto allowed, CanarySink::Start(fd));
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, substrate().Acquire(deployment, {.purpose = "world"}));
  ASSERT_OK_AND_ASSIGN(ProcessOutcome sent,
                       Run(*sandbox, {"/bin/sh", "-c", "echo hello | nc 198.18.0.10 8080"}));
  EXPECT_TRUE(sent.Succeeded()) << sent.DescribeEnd() << ": " << sent.err;
  ASSERT_OK_AND_ASSIGN(auto receipts, allowed->WaitForReceipts(1, std::chrono::seconds(10)));
  EXPECT_EQ(receipts[0].bytes, "hello\n");
  // Read on the host: gVisor's /proc/net/route does not show the namespace's table.
  std::string ns_name = sandbox->name();  // the container's name names its namespace too
  ProcessSpec route;
  route.argv = {"ip", "-n", ns_name, "route", "show"};
  ASSERT_OK_AND_ASSIGN(ProcessOutcome routes, RunChecked(route));
  EXPECT_THAT(routes.out, HasSubstr("198.18.0.0/15 dev eth0"));
  EXPECT_THAT(routes.out, Not(HasSubstr("default"))) << "a default route:\n" << routes.out;

  ASSERT_OK(sandbox->Destroy());
  EXPECT_FALSE(std::filesystem::exists("/run/netns/" + ns_name)) << ns_name << " left behind";
}

TEST_P(DockerSubstrateTest, ReportsTheImportedImage) {
  ASSERT_OK_AND_ASSIGN(SandboxImage image, substrate().ImageFor(Hardened()));
  EXPECT_THAT(image.reference, HasSubstr("sandcheck-rootfs:"));
  EXPECT_THAT(image.id, HasSubstr("sha256:"));
  // The same inputs find the same image again: the tag is the cache.
  ASSERT_OK_AND_ASSIGN(TestSubstrate other, MakeTestSubstrate());
  ASSERT_OK_AND_ASSIGN(SandboxImage again, other.substrate->ImageFor(Hardened()));
  EXPECT_EQ(again.id, image.id);
}

TEST_P(DockerSubstrateTest, TheClaudeCodeImageRunsTheRealClaudeAsTheAgent) {
  // The image is the same for every runtime; importing its hundreds of MB once proves it.
  if (GetParam() != RuntimeKind::kRunc) GTEST_SKIP() << "one runtime proves the image";
  Deployment deployment = Hardened();
  deployment.image.recipe = "claude-code";
  deployment.limits.memory_bytes = 2ull << 30;
  deployment.limits.pids = 256;
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox,
                       substrate().Acquire(deployment, {.purpose = "claude"}));
  ASSERT_OK_AND_ASSIGN(ProcessOutcome version,
                       Run(*sandbox, {"/usr/local/bin/claude", "--version"}));
  ASSERT_OK_AND_ASSIGN(ClaudeCodeImageSpec pin,
                       ReadClaudeCodeImageSpec(DefaultClaudeCodeImageSpec()));
  EXPECT_TRUE(version.Succeeded()) << version.DescribeEnd() << ": " << version.err;
  EXPECT_THAT(version.out, ::testing::StartsWith(pin.version + " "));
  ASSERT_OK_AND_ASSIGN(json identity, Probe(*sandbox, "identity"));
  EXPECT_EQ(identity["identity"]["uid"], 1000);
}

INSTANTIATE_TEST_SUITE_P(Runtimes, DockerSubstrateTest,
                         ::testing::Values(RuntimeKind::kRunc, RuntimeKind::kRunsc),
                         [](const auto& info) { return std::string(ToString(info.param)); });

}  // namespace
}  // namespace sandcheck::docker_testing
