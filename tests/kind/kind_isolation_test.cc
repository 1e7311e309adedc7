// The isolation family on the kind substrate: the kind references hold every promise a pod can
// make, and each kind negative control makes exactly its checks fail.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "clusters/kubernetes/kind_substrate.h"
#include "core/temp_dir.h"
#include "tests/isolation/family_runner.h"
#include "tests/kind/kind_test_env.h"
#include "tests/test_util.h"

namespace sandcheck::testing {
namespace {

using isolation::testing::ExpectExactlyTheseFail;
using isolation::testing::LoadFixture;
using isolation::testing::RunFamily;

std::optional<Result<TestKind>>& SharedSlot() {
  static std::optional<Result<TestKind>> shared;
  return shared;
}

// One kind substrate for the program: the image is imported and loaded into the node once.
Result<KindSubstrate*> SharedKind() {
  if (!SharedSlot()) SharedSlot().emplace(MakeKindSubstrate());
  if (!SharedSlot()->ok()) return Fail("create the kind substrate: {}", SharedSlot()->message());
  return (*SharedSlot())->substrate.get();
}

// Deletes the run's namespace while main still runs.
class ReleaseSharedKind : public ::testing::Environment {
 public:
  void TearDown() override { SharedSlot().reset(); }
};
[[maybe_unused]] const auto* const kReleaseShared =
    ::testing::AddGlobalTestEnvironment(new ReleaseSharedKind);

// What a pod cannot promise here, so the checks judging it skip, saying why: an emptyDir's mount
// flags (ISO-009), and under gVisor a tmpfs of the sandbox's own (ISO-008; KindSubstrate says
// why).
const std::set<std::string>& KindSkips(RuntimeKind runtime) {
  static const std::set<std::string> runc = {"ISO-009"};
  static const std::set<std::string> runsc = {"ISO-008", "ISO-009"};
  return runtime == RuntimeKind::kRunsc ? runsc : runc;
}

class KindReferenceTest : public ::testing::TestWithParam<std::string> {};

TEST_P(KindReferenceTest, HoldsEveryIsolationPromiseAPodCanMake) {
  SANDCHECK_KIND_CLUSTER_OR_SKIP(cluster);
  (void)cluster;  // the substrate reads it itself
  ASSERT_OK_AND_ASSIGN(KindSubstrate * substrate, SharedKind());
  ASSERT_OK_AND_ASSIGN(Deployment deployment, LoadFixture(GetParam() + ".yaml"));
  ASSERT_EQ(deployment.substrate, SubstrateKind::kKind);
  auto results = RunFamily(*substrate, deployment);
  ASSERT_EQ(results.size(), 21u);
  for (const auto& [id, result] : results) {
    RecordProperty(id, result.summary);
    Verdict expected = KindSkips(deployment.runtime).contains(id) ? Verdict::kSkip : Verdict::kPass;
    if (id == "ISO-021" && deployment.kernel == KernelMode::kHost) {
      expected = Verdict::kNotApplicable;
    }
    EXPECT_EQ(result.verdict, expected)
        << id << " " << ToString(result.verdict) << ": " << result.summary << "\n"
        << result.evidence.dump(2);
  }
}

INSTANTIATE_TEST_SUITE_P(Kind, KindReferenceTest,
                         ::testing::Values("kind-reference-runc", "kind-reference-runsc",
                                           "kind-manifests-runsc"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

struct KindControl {
  std::string fixture;
  std::set<std::string> failing;
  std::string name;
};

void PrintTo(const KindControl& control, std::ostream* out) { *out << control.fixture; }

class KindNegativeControlTest : public ::testing::TestWithParam<KindControl> {};

TEST_P(KindNegativeControlTest, FailsItsChecksAndNoOther) {
  SANDCHECK_KIND_CLUSTER_OR_SKIP(cluster);
  (void)cluster;  // the substrate reads it itself
  ASSERT_OK_AND_ASSIGN(KindSubstrate * substrate, SharedKind());
  ASSERT_OK_AND_ASSIGN(Deployment deployment, LoadFixture(GetParam().fixture));
  ExpectExactlyTheseFail(*substrate, deployment, GetParam().failing, KindSkips(deployment.runtime));
}

INSTANTIATE_TEST_SUITE_P(
    Kind, KindNegativeControlTest,
    ::testing::Values(
        // privileged also means allowPrivilegeEscalation (NoNewPrivs 0) and no seccomp filter.
        KindControl{"negative/kind-privileged.yaml",
                    {"ISO-002", "ISO-003", "ISO-004", "ISO-005"},
                    "privileged"},
        // The node's process table brings its root processes and an unfiltered PID 1, systemd.
        KindControl{"negative/kind-host-pid.yaml", {"ISO-001", "ISO-004", "ISO-014"}, "host_pid"},
        // hostNetwork shares the node's UTS namespace too: the pod's hostname is ignored.
        KindControl{"negative/kind-host-network.yaml", {"ISO-015", "ISO-020"}, "host_network"},
        KindControl{"negative/kind-runc-as-sandbox-kernel.yaml",
                    {"ISO-016", "ISO-021"},
                    "runc_as_sandbox_kernel"},
        // The user's own template: the node's root as a hostPath, and the service-account
        // token's projected volume, are mounts the deployment never declared.
        KindControl{"negative/kind-manifests-host-root.yaml", {"ISO-010"}, "manifests_host_root"},
        KindControl{"negative/kind-manifests-sa-token.yaml", {"ISO-010"}, "manifests_sa_token"}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace sandcheck::testing
