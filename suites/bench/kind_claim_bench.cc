// Claim -> Ready -> first exec on the kind cluster (clusters/kind/cluster.sh up), per runtime
// (runc, and gVisor through RuntimeClass gvisor), beside a bare kubectl create-and-wait of the
// same pod in the same run:
//   BarePodToFirstExec    kubectl apply of a Pod -> Ready -> kubectl exec `true`
//   ColdClaimToFirstExec  SandboxClaim on an empty SandboxWarmPool -> claim Ready -> exec
//   WarmClaimToFirstExec  SandboxClaim on a filled SandboxWarmPool -> claim Ready -> exec
//   SubstrateAcquireToFirstExec  the kind substrate's Acquire (a cold claim, as sandcheck runs
//                         checks) -> Exec of `true`: the harness's overhead over the two above
// Each iteration is one claim; what it leaves is deleted outside the timed part, and the
// fixtures' namespace when the program ends. Run with
// --benchmark_repetitions=9 --benchmark_enable_random_interleaving=true; p90 and p99 are
// computed over the repetitions. docs/kubernetes.md has the figures and how they were taken.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <optional>
#include <random>
#include <thread>

#include "clusters/kubernetes/kind_cluster.h"
#include "clusters/kubernetes/kind_substrate.h"
#include "clusters/kubernetes/kubectl.h"
#include "core/log.h"
#include "core/temp_dir.h"
#include "suites/bench/machine_context.h"

namespace sandcheck {
namespace {

using Clock = std::chrono::steady_clock;
constexpr Duration kCall = std::chrono::seconds(30);
constexpr Duration kReady = std::chrono::seconds(180);
constexpr std::string_view kNamespace = "sc-bench-claims";

const Kubectl& Cluster() {
  // Without a cluster every call fails, and Prepared() skips saying why.
  static const Kubectl kubectl = [] {
    auto cluster = FindKindCluster();
    return cluster.ok() ? cluster->kubectl : Kubectl(KubeTarget{});
  }();
  return kubectl;
}

std::string PodSpecJson(const std::string& runtime_class) {
  return fmt::format(R"({{{}"terminationGracePeriodSeconds": 0,
      "containers": [{{"name": "main", "image": "sandcheck.local/node-busybox:1",
        "imagePullPolicy": "Never", "command": ["sleep", "3600"]}}]}})",
                     runtime_class.empty()
                         ? std::string()
                         : fmt::format(R"("runtimeClassName": "{}", )", runtime_class));
}

std::string Suffix() {
  static std::mt19937 random{std::random_device{}()};
  return fmt::format("{:06x}", random() & 0xffffff);
}

Status Checked(const Result<ProcessOutcome>& outcome, std::string_view what) {
  if (!outcome.ok()) return outcome.error();
  if (!outcome->Succeeded())
    return Fail("{}: {}: {}", what, outcome->DescribeEnd(), Tail(outcome->err));
  return Status::Ok();
}

Status ExecTrue(const std::string& pod) {
  auto outcome = Cluster().Exec(PodExec{std::string(kNamespace), pod, "", {"true"}, "", kCall});
  return Checked(outcome, "exec true in " + pod);
}

// The namespace, a template and two pools (empty and filled) per runtime, made once.
Status EnsureFixtures() {
  static Status made = [] {
    std::string manifests = fmt::format(R"({{"apiVersion": "v1", "kind": "Namespace",
        "metadata": {{"name": "{}", "labels": {{"io.sandcheck.bench": "1"}}}}}})",
                                        kNamespace);
    for (const auto& [name, runtime_class] :
         std::vector<std::pair<std::string, std::string>>{{"runc", ""}, {"gvisor", "gvisor"}}) {
      manifests += fmt::format(R"(
---
{{"apiVersion": "extensions.agents.x-k8s.io/v1beta1", "kind": "SandboxTemplate",
  "metadata": {{"name": "{0}", "namespace": "{1}"}},
  "spec": {{"networkPolicyManagement": "Unmanaged", "podTemplate": {{"spec": {2}}}}}}}
---
{{"apiVersion": "extensions.agents.x-k8s.io/v1beta1", "kind": "SandboxWarmPool",
  "metadata": {{"name": "{0}-cold", "namespace": "{1}"}},
  "spec": {{"replicas": 0, "sandboxTemplateRef": {{"name": "{0}"}}}}}}
---
{{"apiVersion": "extensions.agents.x-k8s.io/v1beta1", "kind": "SandboxWarmPool",
  "metadata": {{"name": "{0}-warm", "namespace": "{1}"}},
  "spec": {{"replicas": 1, "sandboxTemplateRef": {{"name": "{0}"}}}}}})",
                               name, kNamespace, PodSpecJson(runtime_class));
    }
    return Cluster().Apply(manifests, kCall);
  }();
  return made;
}

// Waits until the warm pool has a ready sandbox to hand out.
Status WaitForWarmPool(const std::string& pool) {
  const auto deadline = Clock::now() + kReady;
  std::string last;
  while (Clock::now() < deadline) {
    auto seen =
        Cluster().GetJson({"get", "-n", std::string(kNamespace), "sandboxwarmpool/" + pool}, kCall);
    if (seen.ok() && seen->value("/status/readyReplicas"_json_pointer, 0) >= 1) return Status::Ok();
    last = seen.ok() ? seen->value("status", nlohmann::json::object()).dump() : seen.message();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return Fail("warm pool {} has no ready sandbox after {} s; last status: {}", pool,
              kReady.count() / 1000, last);
}

// The claim's pod once the claim is Ready (through its Sandbox's label selector).
Result<std::string> ClaimedPod(const std::string& claim) {
  auto waited = Cluster().Run({"wait", "-n", std::string(kNamespace), "sandboxclaim/" + claim,
                               "--for=condition=Ready", "--timeout=180s"},
                              kReady + std::chrono::seconds(10));
  if (Status ok = Checked(waited, "claim " + claim + " Ready"); !ok.ok()) return ok.error();
  auto got =
      Cluster().GetJson({"get", "-n", std::string(kNamespace), "sandboxclaim/" + claim}, kCall);
  if (!got.ok()) return got.error();
  const std::string sandbox = got->value("/status/sandbox/name"_json_pointer, std::string());
  auto described =
      Cluster().GetJson({"get", "-n", std::string(kNamespace), "sandbox/" + sandbox}, kCall);
  if (!described.ok()) return described.error();
  const std::string selector = described->value("/status/selector"_json_pointer, std::string());
  auto selected =
      Cluster().GetJson({"get", "-n", std::string(kNamespace), "pods", "-l", selector}, kCall);
  if (!selected.ok()) return selected.error();
  if ((*selected)["items"].size() != 1) {
    return Fail("sandbox {} (selector '{}') has {} pods", sandbox, selector,
                (*selected)["items"].size());
  }
  return (*selected)["items"][0]["metadata"]["name"].get<std::string>();
}

void Delete(const std::string& kind_and_name) {
  (void)Cluster().Run({"delete", "-n", std::string(kNamespace), kind_and_name, "--wait=false",
                       "--ignore-not-found"},
                      kCall);
}

bool Prepared(benchmark::State& state) {
  if (Status ok = EnsureFixtures(); !ok.ok()) {
    state.SkipWithError(
        ("no kind cluster to claim from (clusters/kind/cluster.sh up): " + ok.message()).c_str());
    return false;
  }
  return true;
}

void BM_BarePodToFirstExec(benchmark::State& state, std::string runtime_class) {
  if (!Prepared(state)) return;
  for (auto _ : state) {
    const std::string pod = "bare-" + Suffix();
    auto start = Clock::now();
    Status done = Cluster().Apply(
        fmt::format(R"({{"apiVersion": "v1", "kind": "Pod", "metadata": {{"name": "{}",
            "namespace": "{}"}}, "spec": {}}})",
                    pod, kNamespace, PodSpecJson(runtime_class)),
        kCall);
    if (done.ok()) {
      done = Checked(Cluster().Run({"wait", "-n", std::string(kNamespace), "pod/" + pod,
                                    "--for=condition=Ready", "--timeout=180s"},
                                   kReady + std::chrono::seconds(10)),
                     "pod " + pod + " Ready");
    }
    if (done.ok()) done = ExecTrue(pod);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    Delete("pod/" + pod);
    if (!done.ok()) {
      state.SkipWithError(done.message().c_str());
      return;
    }
    state.SetIterationTime(seconds);
  }
}

void BM_ClaimToFirstExec(benchmark::State& state, std::string pool) {
  if (!Prepared(state)) return;
  for (auto _ : state) {
    if (pool.ends_with("-warm")) {
      if (Status filled = WaitForWarmPool(pool); !filled.ok()) {
        state.SkipWithError(filled.message().c_str());
        return;
      }
    }
    const std::string claim = "claim-" + Suffix();
    auto start = Clock::now();
    Status done =
        Cluster().Apply(fmt::format(R"({{"apiVersion": "extensions.agents.x-k8s.io/v1beta1",
            "kind": "SandboxClaim", "metadata": {{"name": "{}", "namespace": "{}"}},
            "spec": {{"warmPoolRef": {{"name": "{}"}}}}}})",
                                    claim, kNamespace, pool),
                        kCall);
    Result<std::string> pod = done.ok() ? ClaimedPod(claim) : Result<std::string>(done.error());
    if (pod.ok())
      done = ExecTrue(*pod);
    else
      done = pod.error();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    Delete("sandboxclaim/" + claim);
    if (!done.ok()) {
      state.SkipWithError(done.message().c_str());
      return;
    }
    state.SetIterationTime(seconds);
  }
}

// One substrate for the program: its run's namespace, template and image are made on the first
// iteration, which the warm-up repetition absorbs.
struct BenchKind {
  std::optional<TempDir> state;
  std::unique_ptr<KindSubstrate> substrate;
  std::string error;
};

BenchKind MakeBenchKind() {
  BenchKind made;
  auto dir = TempDir::Create("sandcheck-kind-bench-");
  if (!dir.ok()) {
    made.error = dir.message();
    return made;
  }
  KindSubstrateConfig config;
  config.state_dir = dir->path();
  config.probe_binary = SANDCHECK_PROBE_BINARY;
  auto created = KindSubstrate::Create(config);
  if (!created.ok()) {
    made.error = created.message();
    return made;
  }
  made.state = std::move(dir).value();
  made.substrate = std::move(created).value();
  return made;
}

// One substrate for the program: its run's namespace, template and image are made on the first
// acquire, which the first repetition pays for (reported as is; compare medians).
std::optional<BenchKind>& BenchKindSlot() {
  static std::optional<BenchKind> slot;
  return slot;
}

BenchKind& SharedBenchKind() {
  if (!BenchKindSlot()) BenchKindSlot().emplace(MakeBenchKind());
  return *BenchKindSlot();
}

void BM_SubstrateAcquireToFirstExec(benchmark::State& state, RuntimeKind runtime) {
  KindSubstrate* substrate = SharedBenchKind().substrate.get();
  if (substrate == nullptr) {
    state.SkipWithError(("no kind substrate: " + SharedBenchKind().error).c_str());
    return;
  }
  Deployment deployment;
  deployment.name = "bench";
  deployment.substrate = SubstrateKind::kKind;
  deployment.runtime = runtime;
  deployment.image.recipe = "busybox";
  deployment.user = {1000, 1000, {}};
  deployment.capabilities_drop = {"ALL"};
  deployment.no_new_privileges = true;
  for (auto _ : state) {
    auto start = Clock::now();
    auto sandbox = substrate->Acquire(deployment, {.purpose = "bench"});
    Status done = sandbox.ok() ? Status::Ok() : sandbox.error();
    if (done.ok()) {
      ExecRequest request;
      request.argv = {"true"};
      done = Checked((*sandbox)->Exec(request), "exec true");
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (sandbox.ok()) (void)(*sandbox)->Destroy();
    if (!done.ok()) {
      state.SkipWithError(done.message().c_str());
      return;
    }
    state.SetIterationTime(seconds);
  }
}

double Percentile(const std::vector<double>& values, double p) {
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  const size_t index = static_cast<size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(index, sorted.size() - 1)];
}

void Configure(benchmark::internal::Benchmark* benchmark) {
  benchmark->UseManualTime()
      ->Unit(benchmark::kMillisecond)
      ->Iterations(1)
      ->Repetitions(9)
      ->ComputeStatistics("p90", [](const std::vector<double>& v) { return Percentile(v, 0.90); })
      ->ComputeStatistics("p99", [](const std::vector<double>& v) { return Percentile(v, 0.99); });
}

}  // namespace
}  // namespace sandcheck

int main(int argc, char** argv) {
  using namespace sandcheck;
  SetLogLevel(LogLevel::kWarning);
  for (const auto& [name, runtime_class] :
       std::vector<std::pair<std::string, std::string>>{{"runc", ""}, {"gvisor", "gvisor"}}) {
    Configure(benchmark::RegisterBenchmark(("BarePodToFirstExec/" + name).c_str(),
                                           BM_BarePodToFirstExec, runtime_class));
    Configure(benchmark::RegisterBenchmark(("ColdClaimToFirstExec/" + name).c_str(),
                                           BM_ClaimToFirstExec, name + "-cold"));
    Configure(benchmark::RegisterBenchmark(("WarmClaimToFirstExec/" + name).c_str(),
                                           BM_ClaimToFirstExec, name + "-warm"));
    Configure(benchmark::RegisterBenchmark(
        ("SubstrateAcquireToFirstExec/" + name).c_str(), BM_SubstrateAcquireToFirstExec,
        name == "runc" ? RuntimeKind::kRunc : RuntimeKind::kRunsc));
  }
  bench::AddMachineContext();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  BenchKindSlot().reset();  // its run's namespace goes while kubectl can still be started
  // The fixtures' namespace too: its filled warm pools would keep loading the shared cluster.
  (void)Cluster().Run(
      {"delete", "namespace", std::string(kNamespace), "--wait=false", "--ignore-not-found"},
      kCall);
  return 0;
}
