// Startup and exec latency of docker sandboxes, per runtime, beside the oci substrate's
// sandcheck_startup_bench figures (first_exec, exec; docs/benchmarks.md):
//   CreateToFirstExec  Acquire (create + start through the Engine API, image already imported)
//                      -> first Exec of the probe -> Destroy (forced remove)
//   Exec               one Exec of the probe into a running sandbox (exec create, start with
//                      the attach stream, inspect for the exit code)
// Counters split CreateToFirstExec into its acquire, first-exec and destroy parts.
#include <benchmark/benchmark.h>

#include "clusters/docker/docker_substrate.h"
#include "core/log.h"
#include "core/temp_dir.h"
#include "suites/bench/bench_deployment.h"
#include "suites/bench/machine_context.h"

namespace sandcheck {
namespace {

using Clock = std::chrono::steady_clock;

// The oci substrate's bench deployment on the engine, with room in the pids cgroup for
// gVisor's Sentry threads (docker-reference-runsc).
Deployment BenchDeployment(RuntimeKind runtime) {
  Deployment deployment = bench::BenchDeployment(runtime);
  deployment.substrate = SubstrateKind::kDocker;
  deployment.limits.pids = 1024;
  return deployment;
}

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

class BenchEnvironment {
 public:
  static BenchEnvironment& Get() {
    static BenchEnvironment environment;
    return environment;
  }
  DockerSubstrate* substrate() { return substrate_.get(); }
  const std::string& error() const { return error_; }

 private:
  BenchEnvironment() {
    auto state = TempDir::Create("sandcheck-docker-bench-");
    if (!state.ok()) {
      error_ = state.message();
      return;
    }
    state_.emplace(std::move(state).value());
    DockerSubstrateConfig config;
    config.state_dir = state_->path();
    config.probe_binary = SANDCHECK_PROBE_BINARY;
    auto substrate = DockerSubstrate::Create(config);
    if (!substrate.ok()) {
      error_ = substrate.message();
      return;
    }
    substrate_ = std::move(substrate).value();
  }

  std::optional<TempDir> state_;
  std::unique_ptr<DockerSubstrate> substrate_;
  std::string error_;
};

// Skips with the reason when the engine or the runtime is missing; imports the image first so
// no iteration pays for it.
DockerSubstrate* Ready(benchmark::State& state, RuntimeKind kind) {
  DockerSubstrate* substrate = BenchEnvironment::Get().substrate();
  if (!substrate) {
    state.SkipWithError(("no docker substrate: " + BenchEnvironment::Get().error()).c_str());
    return nullptr;
  }
  auto capabilities = substrate->Capabilities(kind);
  if (capabilities.runtime_version.empty()) {
    state.SkipWithError(capabilities.capabilities.begin()->second.reason.c_str());
    return nullptr;
  }
  auto image = substrate->ImageFor(BenchDeployment(kind));
  if (!image.ok()) {
    state.SkipWithError(image.message().c_str());
    return nullptr;
  }
  return substrate;
}

void BM_CreateToFirstExec(benchmark::State& state, RuntimeKind kind) {
  DockerSubstrate* substrate = Ready(state, kind);
  if (!substrate) return;
  double acquire_ms = 0, exec_ms = 0, destroy_ms = 0;
  for (auto _ : state) {
    auto start = Clock::now();
    auto sandbox = substrate->Acquire(BenchDeployment(kind), {.purpose = "bench"});
    if (!sandbox.ok()) {
      state.SkipWithError(sandbox.message().c_str());
      return;
    }
    double acquired = MillisSince(start);
    Status probed = bench::ProbeSucceeds(**sandbox);
    double first_exec = MillisSince(start);
    Status destroyed = (*sandbox)->Destroy();
    double total = MillisSince(start);
    if (!probed.ok() || !destroyed.ok()) {
      state.SkipWithError((probed.ok() ? destroyed : probed).message().c_str());
      return;
    }
    acquire_ms += acquired;
    exec_ms += first_exec - acquired;
    destroy_ms += total - first_exec;
    state.SetIterationTime(first_exec / 1000.0);  // create -> first exec's answer
  }
  double n = static_cast<double>(state.iterations());
  state.counters["acquire_ms"] = acquire_ms / n;
  state.counters["first_exec_ms"] = exec_ms / n;
  state.counters["destroy_ms"] = destroy_ms / n;
}

void BM_Exec(benchmark::State& state, RuntimeKind kind) {
  DockerSubstrate* substrate = Ready(state, kind);
  if (!substrate) return;
  auto sandbox = substrate->Acquire(BenchDeployment(kind), {.purpose = "bench-exec"});
  if (!sandbox.ok()) {
    state.SkipWithError(sandbox.message().c_str());
    return;
  }
  for (auto _ : state) {
    auto start = Clock::now();
    Status probed = bench::ProbeSucceeds(**sandbox);
    if (!probed.ok()) {
      state.SkipWithError(probed.message().c_str());
      return;
    }
    state.SetIterationTime(MillisSince(start) / 1000.0);
  }
}

void AddContext() {
  if (auto* substrate = BenchEnvironment::Get().substrate()) {
    benchmark::AddCustomContext("dockerd", substrate->engine_version());
  }
  bench::AddMachineContext();
}

}  // namespace
}  // namespace sandcheck

int main(int argc, char** argv) {
  using namespace sandcheck;
  SetLogLevel(LogLevel::kWarning);
  for (RuntimeKind kind : {RuntimeKind::kRunc, RuntimeKind::kRunsc}) {
    std::string runtime(ToString(kind));
    benchmark::RegisterBenchmark(("CreateToFirstExec/" + runtime).c_str(), BM_CreateToFirstExec,
                                 kind)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond)
        ->Iterations(3)
        ->Repetitions(5);
    benchmark::RegisterBenchmark(("Exec/" + runtime).c_str(), BM_Exec, kind)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond)
        ->Iterations(10)
        ->Repetitions(5);
  }
  AddContext();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
