// The kind substrate on the shared cluster: a deployment becomes a Ready pod in the run's
// namespace, exec goes through the API server with the deployment's user and environment, the
// node is the host, kata is refused saying why, and a run killed with SIGKILL is swept by the
// next one while a live run's namespace is left alone.
#include "clusters/kubernetes/kind_substrate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <cstdlib>
#include <sstream>

#include "clusters/kubernetes/kubernetes_sandbox.h"
#include "core/temp_dir.h"
#include "tests/kind/kind_test_env.h"
#include "tests/oci/test_deployments.h"
#include "tests/spawned_helper.h"
#include "tests/test_util.h"

namespace sandcheck::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr Duration kCall = std::chrono::seconds(30);

// The hardened deployment in the terms a pod can express (pod_spec.h).
Deployment OnKind(RuntimeKind runtime) {
  Deployment deployment = HardenedDeployment(runtime);
  deployment.substrate = SubstrateKind::kKind;
  deployment.kernel = runtime == RuntimeKind::kRunc ? KernelMode::kHost : KernelMode::kSandbox;
  deployment.tmpfs = {{"/tmp", 16 << 20, 01777, false, false, false}};
  deployment.limits.pids.reset();
  return deployment;
}

bool NamespaceExists(const Kubectl& kubectl, const std::string& name) {
  auto got = kubectl.Run({"get", "namespace", name, "-o", "name"}, kCall);
  if (!got.ok() || !got->Succeeded()) return false;
  // A namespace being deleted still answers; it is gone for the purpose of the sweep.
  auto phase = kubectl.Run({"get", "namespace", name, "-o", "jsonpath={.status.phase}"}, kCall);
  return phase.ok() && phase->out != "Terminating";
}

TEST(KindSubstrate, NoClusterIsAnErrorNamingTheFix) {
  ASSERT_OK_AND_ASSIGN(TempDir empty, TempDir::Create("sandcheck-kind-none-"));
  const char* before = std::getenv("SANDCHECK_KIND_STATE");
  const std::string saved = before ? before : "";
  ::setenv("SANDCHECK_KIND_STATE", empty.path().c_str(), 1);
  auto cluster = FindKindCluster();
  if (before)
    ::setenv("SANDCHECK_KIND_STATE", saved.c_str(), 1);
  else
    ::unsetenv("SANDCHECK_KIND_STATE");
  ASSERT_FALSE(cluster.ok());
  EXPECT_THAT(cluster.message(), HasSubstr("clusters/kind/cluster.sh up"));
}

class KindSubstrateRuntime : public ::testing::TestWithParam<RuntimeKind> {};

TEST_P(KindSubstrateRuntime, ADeploymentBecomesAPodThatExecsAsItsUser) {
  SANDCHECK_KIND_CLUSTER_OR_SKIP(cluster);
  ASSERT_OK_AND_ASSIGN(TestKind kind, MakeKindSubstrate());
  ASSERT_TRUE(kind.substrate->Capabilities(GetParam()).runtime_version.size() > 0)
      << kind.substrate->Capabilities(GetParam()).capabilities.begin()->second.reason;
  ASSERT_OK_AND_ASSIGN(SandboxLease sandbox,
                       kind.substrate->Acquire(OnKind(GetParam()), {.purpose = "exec"}));
  auto* on_kubernetes = dynamic_cast<KubernetesSandbox*>(sandbox.get());
  ASSERT_NE(on_kubernetes, nullptr);
  const std::string pod = on_kubernetes->pod_name();
  const std::string name_space = kind.substrate->name_space();

  ExecRequest identity;
  identity.argv = {"/bin/sh", "-c", "id -u; id -g; echo \"$GREETING\"; cat"};
  identity.env = {{"GREETING", "hello from the request"}};
  identity.stdin_data = "from stdin\n";
  ASSERT_OK_AND_ASSIGN(ProcessOutcome inside, sandbox->Exec(identity));
  EXPECT_TRUE(inside.Succeeded()) << inside.DescribeEnd() << ": " << inside.err;
  EXPECT_EQ(inside.out, "1000\n1000\nhello from the request\nfrom stdin\n");

  // A command's own non-zero exit is an outcome, not an error.
  ASSERT_OK_AND_ASSIGN(
      ProcessOutcome failed,
      sandbox->Exec(ExecRequest{{"/bin/sh", "-c", "exit 3"}, {}, "", std::nullopt}));
  EXPECT_EQ(failed.exit_code, 3);

  // The sandbox is a claim agent-sandbox answered with a pod labelled with its run, in the
  // run's namespace, under the runtime's class.
  ASSERT_OK_AND_ASSIGN(
      auto claim,
      cluster.kubectl.GetJson({"get", "sandboxclaim", sandbox->name(), "-n", name_space}, kCall));
  EXPECT_FALSE(claim["status"]["sandbox"].value("name", "").empty());
  ASSERT_OK_AND_ASSIGN(auto json,
                       cluster.kubectl.GetJson({"get", "pod", pod, "-n", name_space}, kCall));
  EXPECT_EQ(json["metadata"]["labels"]["io.sandcheck.run"], kind.substrate->run_id().str());
  EXPECT_EQ(json["spec"].value("runtimeClassName", ""),
            GetParam() == RuntimeKind::kRunsc ? "gvisor" : "");
  EXPECT_THAT(sandbox->ShellCommand(), ::testing::Contains(pod));

  // The node is the host: its hostname is the node container's.
  EXPECT_EQ(sandbox->host().Identity().hostname, cluster.node);

  ASSERT_OK(sandbox->Destroy());
  for (const std::string kind : {"pod", "sandboxclaim"}) {
    const std::string name = kind == "pod" ? pod : sandbox->name();
    auto gone = cluster.kubectl.Run({"get", kind, name, "-n", name_space}, kCall);
    ASSERT_TRUE(gone.ok());
    EXPECT_THAT(gone->err, HasSubstr("NotFound")) << kind << " " << name;
  }
}

INSTANTIATE_TEST_SUITE_P(Runtimes, KindSubstrateRuntime,
                         ::testing::Values(RuntimeKind::kRunc, RuntimeKind::kRunsc),
                         [](const auto& info) { return std::string(ToString(info.param)); });

TEST(KindSubstrate, KataWithoutARuntimeClassIsRefusedSayingWhy) {
  SANDCHECK_KIND_CLUSTER_OR_SKIP(cluster);
  (void)cluster;  // the substrate reads it itself
  ASSERT_OK_AND_ASSIGN(TestKind kind, MakeKindSubstrate());
  RuntimeCapabilities kata = kind.substrate->Capabilities(RuntimeKind::kKata);
  EXPECT_TRUE(kata.runtime_version.empty());
  EXPECT_THAT(kata.capabilities[CapabilityKind::kSandboxKernel].reason,
              HasSubstr("no kata-* RuntimeClass"));
  auto refused = kind.substrate->Acquire(OnKind(RuntimeKind::kKata), {.purpose = "kata"});
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.message(), HasSubstr("no kata-* RuntimeClass"));
}

TEST(KindSubstrate, TheRunsNamespaceGoesWithTheSubstrate) {
  SANDCHECK_KIND_CLUSTER_OR_SKIP(cluster);
  std::string name_space;
  {
    ASSERT_OK_AND_ASSIGN(TestKind kind, MakeKindSubstrate());
    ASSERT_OK_AND_ASSIGN(SandboxLease sandbox,
                         kind.substrate->Acquire(OnKind(RuntimeKind::kRunc), {.purpose = "ns"}));
    name_space = kind.substrate->name_space();
    EXPECT_TRUE(NamespaceExists(cluster.kubectl, name_space));
  }
  EXPECT_FALSE(NamespaceExists(cluster.kubectl, name_space));
}

struct Helper {
  pid_t pid = -1;
  std::string run, name_space, pod;
};

Result<Helper> StartHelper(const std::filesystem::path& state) {
  ASSIGN_OR_RETURN(SpawnedHelper spawned,
                   SpawnAndReadLine({SANDCHECK_KIND_ABANDON_HELPER, state.string(),
                                     SANDCHECK_PROBE_BINARY, SANDCHECK_TEST_SHARED_BASES},
                                    std::chrono::seconds(180)));
  Helper helper;
  helper.pid = spawned.pid;
  std::istringstream fields(spawned.line);
  fields >> helper.run >> helper.name_space >> helper.pod;
  if (helper.pod.empty()) {
    ::kill(helper.pid, SIGKILL);
    ::waitpid(helper.pid, nullptr, 0);
    return Fail("helper printed no pod (got '{}')", spawned.line);
  }
  return helper;
}

TEST(KindSweep, ASigkilledRunIsSweptAndALiveRunIsNot) {
  SANDCHECK_KIND_CLUSTER_OR_SKIP(cluster);
  ASSERT_OK_AND_ASSIGN(TempDir state, TempDir::Create("sandcheck-kind-sweep-"));
  ASSERT_OK_AND_ASSIGN(Helper helper, StartHelper(state.path()));
  KindSubstrateConfig config;
  config.state_dir = state.path();
  config.probe_binary = SANDCHECK_PROBE_BINARY;

  // Negative control: while the helper lives, another run's sweep leaves its namespace alone.
  {
    ASSERT_OK_AND_ASSIGN(auto sweeper, KindSubstrate::Create(config));
    ASSERT_OK(sweeper->SweepAbandoned());
  }
  EXPECT_TRUE(NamespaceExists(cluster.kubectl, helper.name_space));

  ASSERT_EQ(::kill(helper.pid, SIGKILL), 0);
  ASSERT_EQ(::waitpid(helper.pid, nullptr, 0), helper.pid);
  EXPECT_TRUE(NamespaceExists(cluster.kubectl, helper.name_space)) << "SIGKILL cleans nothing";

  // Negative control: a run of another state directory cannot judge this run's lock.
  {
    ASSERT_OK_AND_ASSIGN(TempDir elsewhere, TempDir::Create("sandcheck-kind-elsewhere-"));
    KindSubstrateConfig other = config;
    other.state_dir = elsewhere.path();
    ASSERT_OK_AND_ASSIGN(auto stranger, KindSubstrate::Create(other));
    ASSERT_OK(stranger->SweepAbandoned());
  }
  EXPECT_TRUE(NamespaceExists(cluster.kubectl, helper.name_space));

  {
    ASSERT_OK_AND_ASSIGN(auto next, KindSubstrate::Create(config));
    ASSERT_OK(next->SweepAbandoned());
  }
  EXPECT_FALSE(NamespaceExists(cluster.kubectl, helper.name_space));
}

}  // namespace
}  // namespace sandcheck::testing
