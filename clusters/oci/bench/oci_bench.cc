// Startup cost of an oci sandbox against the bare runtime, measured in the same run.
//
// Per runtime, each iteration times, in random order:
//   sandcheck   Acquire (cached rootfs, overlay, config.json, create, start) -> Exec of the
//               probe -> Destroy (kill, reap, delete, unmount, remove the bundle)
//   bare_steps  the same runtime commands on a prepared bundle, nothing else: create, start,
//               exec the probe, kill, reap, delete -- what sandcheck cannot do with fewer
//   bare_run    `<runtime> run` of a prepared bundle whose init is the probe: one command,
//               the lower bound of any driver that needs the probe's output once
// All three go through the same process runner and the same runtime command lines (the
// runtime profile's global flags and host wrapper). Manual time is the sandcheck figure;
// counters carry every figure and the ratios, so repetitions' medians compare like with like.
#include <benchmark/benchmark.h>
#include <signal.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <random>

#include "clusters/oci/bundle_config.h"
#include "clusters/oci/child_reaper.h"
#include "clusters/oci/container_teardown.h"
#include "clusters/oci/oci_substrate.h"
#include "clusters/oci/overlay_mount.h"
#include "clusters/oci/rootfs_cache.h"
#include "core/fs_util.h"
#include "core/log.h"
#include "core/temp_dir.h"

namespace sandcheck {
namespace {

using Clock = std::chrono::steady_clock;

Deployment BenchDeployment(RuntimeKind runtime) {
  Deployment deployment;
  deployment.name = "bench";
  deployment.runtime = runtime;
  deployment.image.recipe = "busybox";
  deployment.user = {1000, 1000, {}};
  deployment.read_only_root = true;
  deployment.capabilities_drop = {"ALL"};
  deployment.no_new_privileges = true;
  deployment.limits.memory_bytes = 256ull << 20;
  deployment.limits.pids = 128;
  return deployment;
}

const std::vector<std::string> kProbeArgs = {std::string(kProbePathInSandbox), "--only",
                                             "identity"};

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// A bundle prepared once, outside the timing: overlay of the cached rootfs plus config.json.
class PreparedBundle {
 public:
  static Result<std::unique_ptr<PreparedBundle>> Create(const OciSubstrate& substrate,
                                                        const std::filesystem::path& lower,
                                                        const Deployment& deployment,
                                                        const std::string& id) {
    auto bundle = std::unique_ptr<PreparedBundle>(new PreparedBundle);
    bundle->id_ = id;  // also the container id: its cgroup is then named after it
    bundle->paths_.dir = substrate.layout().state_dir / "bench-bundles" / id;
    for (const auto& dir :
         {bundle->paths_.rootfs(), bundle->paths_.upper(), bundle->paths_.work()}) {
      std::filesystem::create_directories(dir);
    }
    RETURN_IF_ERROR(MountOverlay({lower, bundle->paths_.upper(), bundle->paths_.work()},
                                 bundle->paths_.rootfs()));
    bundle->mounted_ = true;
    ASSIGN_OR_RETURN(auto config, BundleConfig(deployment, {id, substrate.layout().volumes()}));
    RETURN_IF_ERROR(WriteFile(bundle->paths_.config(), config.dump(2), 0644));
    auto process = ProcessConfig(deployment, kProbeArgs, deployment.user);
    RETURN_IF_ERROR(WriteFile(bundle->paths_.exec_process(0), process.dump(), 0600));
    return bundle;
  }
  ~PreparedBundle() {
    if (mounted_) (void)Unmount(paths_.rootfs());
  }
  const BundlePaths& paths() const { return paths_; }
  const std::string& id() const { return id_; }

 private:
  PreparedBundle() = default;
  std::string id_;
  BundlePaths paths_;
  bool mounted_ = false;
};

struct RuntimeBench {
  std::shared_ptr<const RuntimeCli> runtime;
  std::unique_ptr<PreparedBundle> run_bundle;    // init = the probe itself
  std::unique_ptr<PreparedBundle> steps_bundle;  // init = the probe's idle init
};

class BenchEnvironment {
 public:
  static BenchEnvironment& Get() {
    static BenchEnvironment environment;
    return environment;
  }
  OciSubstrate* substrate() { return substrate_.get(); }
  const std::string& error() const { return error_; }

  // Prepared bundles for `runtime`, made on first use; nullptr with `why` when impossible.
  RuntimeBench* For(RuntimeKind kind, std::string* why) {
    if (!substrate_) {
      *why = error_;
      return nullptr;
    }
    auto& bench = benches_[kind];
    if (bench.runtime) return &bench;
    auto base = substrate_->Runtime(kind);
    if (!base) {
      *why = substrate_->Capabilities(kind).capabilities.begin()->second.reason;
      return nullptr;
    }
    Deployment deployment = BenchDeployment(kind);
    // The same cached tree the timed Acquire finds.
    auto lower = RootfsCache(substrate_->layout().rootfs_cache())
                     .Ensure(deployment, {"/bin/busybox", SANDCHECK_PROBE_BINARY},
                             substrate_->run_id(), std::chrono::seconds(120));
    if (!lower.ok()) {
      *why = lower.message();
      return nullptr;
    }
    Deployment run_deployment = deployment;
    run_deployment.command = kProbeArgs;
    std::string prefix = ResourceName(substrate_->run_id(), std::string(ToString(kind)));
    auto run_bundle = PreparedBundle::Create(*substrate_, *lower, run_deployment, prefix + "-run");
    auto steps_bundle = PreparedBundle::Create(*substrate_, *lower, deployment, prefix + "-steps");
    if (!run_bundle.ok() || !steps_bundle.ok()) {
      *why = run_bundle.ok() ? steps_bundle.message() : run_bundle.message();
      return nullptr;
    }
    bench.runtime = std::make_shared<const RuntimeCli>(base->ForNetwork(deployment.network));
    bench.run_bundle = std::move(run_bundle).value();
    bench.steps_bundle = std::move(steps_bundle).value();
    return &bench;
  }

 private:
  BenchEnvironment() {
    auto state = TempDir::Create("sandcheck-bench-");
    if (!state.ok()) {
      error_ = state.message();
      return;
    }
    state_.emplace(std::move(state).value());
    OciSubstrateConfig config;
    config.state_dir = state_->path();
    config.probe_binary = SANDCHECK_PROBE_BINARY;
    auto substrate = OciSubstrate::Create(config);
    if (!substrate.ok()) {
      error_ = substrate.message();
      return;
    }
    substrate_ = std::move(substrate).value();
  }
  ~BenchEnvironment() {
    benches_.clear();  // unmount before the state directory goes
    substrate_.reset();
  }

  std::optional<TempDir> state_;
  std::unique_ptr<OciSubstrate> substrate_;
  std::map<RuntimeKind, RuntimeBench> benches_;
  std::string error_;
};

Status SandcheckCycle(OciSubstrate& substrate, RuntimeKind kind) {
  ASSIGN_OR_RETURN(SandboxLease sandbox,
                   substrate.Acquire(BenchDeployment(kind), {.purpose = "bench"}));
  ExecRequest probe;
  probe.argv = kProbeArgs;
  ASSIGN_OR_RETURN(ProcessOutcome outcome, sandbox->Exec(probe));
  if (!outcome.Succeeded()) {
    return Fail("probe in sandbox: {}: {}", outcome.DescribeEnd(), outcome.err);
  }
  return sandbox->Destroy();
}

Status BareRun(const RuntimeBench& bench) {
  ProcessSpec spec;
  spec.argv = bench.runtime->Argv(
      {"run", "--bundle", bench.run_bundle->paths().dir.string(), bench.run_bundle->id()});
  spec.timeout = bench.runtime->timeouts().exec;
  ASSIGN_OR_RETURN(ProcessOutcome outcome, RunChecked(spec));
  return Status::Ok();
}

Status BareSteps(const RuntimeBench& bench) {
  const RuntimeCli& runtime = *bench.runtime;
  const BundlePaths& bundle = bench.steps_bundle->paths();
  const std::string& id = bench.steps_bundle->id();
  std::vector<pid_t> pids;
  auto steps = [&]() -> Status {
    RETURN_IF_ERROR(runtime.Create(id, bundle));
    RETURN_IF_ERROR(runtime.Start(id));
    pids = ChildrenInContainerCgroup(id);
    ASSIGN_OR_RETURN(
        ProcessOutcome outcome,
        RunChecked(runtime.ExecSpec(id, bundle.exec_process(0), runtime.timeouts().exec, "")));
    RETURN_IF_ERROR(runtime.Kill(id, SIGKILL));
    RETURN_IF_ERROR(ReapChildren(pids, runtime.timeouts().cleanup_step));
    return runtime.Delete(id);
  };
  Status done = steps();
  if (!done.ok()) (void)RemoveContainer(runtime, id, pids);  // leave nothing behind
  return done;
}

void BM_StartupVersusBare(benchmark::State& state, RuntimeKind kind) {
  auto& environment = BenchEnvironment::Get();
  std::string why;
  RuntimeBench* bench = environment.For(kind, &why);
  if (!bench) {
    state.SkipWithError(fmt::format("{} unavailable: {}", ToString(kind), why).c_str());
    return;
  }
  std::mt19937 shuffle(std::random_device{}());
  double sandcheck_ms = 0, steps_ms = 0, run_ms = 0;
  for (auto _ : state) {
    std::array<int, 3> order = {0, 1, 2};
    std::shuffle(order.begin(), order.end(), shuffle);
    double this_sandcheck = 0;
    for (int which : order) {
      auto start = Clock::now();
      Status done = which == 0   ? SandcheckCycle(*environment.substrate(), kind)
                    : which == 1 ? BareSteps(*bench)
                                 : BareRun(*bench);
      double elapsed = MillisSince(start);
      if (!done.ok()) {
        state.SkipWithError(done.message().c_str());
        return;
      }
      (which == 0 ? this_sandcheck : which == 1 ? steps_ms : run_ms) += elapsed;
    }
    sandcheck_ms += this_sandcheck;
    state.SetIterationTime(this_sandcheck / 1000.0);
  }
  double iterations = static_cast<double>(state.iterations());
  state.counters["sandcheck_ms"] = sandcheck_ms / iterations;
  state.counters["bare_steps_ms"] = steps_ms / iterations;
  state.counters["bare_run_ms"] = run_ms / iterations;
  state.counters["ratio_vs_steps"] = sandcheck_ms / steps_ms;
  state.counters["ratio_vs_run"] = sandcheck_ms / run_ms;
}

std::string FirstLine(const std::vector<std::string>& argv) {
  ProcessSpec spec;
  spec.argv = argv;
  spec.timeout = std::chrono::seconds(10);
  auto outcome = RunProcess(spec);
  if (!outcome.ok() || !outcome->Succeeded()) return "unavailable";
  return outcome->out.substr(0, outcome->out.find('\n'));
}

void AddContext() {
  for (const auto& profile : RuntimeProfiles()) {
    benchmark::AddCustomContext(profile.binary, FirstLine({profile.binary, "--version"}));
  }
  utsname host{};
  ::uname(&host);
  benchmark::AddCustomContext("kernel", std::string(host.sysname) + " " + host.release);
  benchmark::AddCustomContext("online_cpus", std::to_string(::sysconf(_SC_NPROCESSORS_ONLN)));
}

}  // namespace
}  // namespace sandcheck

int main(int argc, char** argv) {
  using namespace sandcheck;
  SetLogLevel(LogLevel::kWarning);
  for (RuntimeKind kind : {RuntimeKind::kRunc, RuntimeKind::kCrun, RuntimeKind::kRunsc}) {
    benchmark::RegisterBenchmark(fmt::format("StartupVersusBare/{}", ToString(kind)).c_str(),
                                 BM_StartupVersusBare, kind)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond)
        ->Iterations(3)
        ->Repetitions(9);
  }
  AddContext();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
