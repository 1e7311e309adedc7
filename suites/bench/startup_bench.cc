// Startup latency of oci sandboxes per runtime, each figure against its bare reference taken
// in the same repetition, in random order (see docs/benchmarks.md for what each one times):
//
//   ready/<rt>       Acquire: rootfs from cache, overlay, config.json, create, start
//                    vs. bare create + start of a prepared bundle
//   first_exec/<rt>  Acquire, then the first command (the probe) to its exit
//                    vs. bare create + start + exec, and vs. `<rt> run` of the same bundle
//   exec/<rt>        one command into a running sandbox
//                    vs. bare `<rt> exec`, and vs. fork/exec of the probe on the host
//   teardown/<rt>    Destroy: kill, reap, delete, cgroups, unmount, remove the bundle
//                    vs. bare kill + reap + delete
//   warm_claim/<rt>  WarmPool::Claim of a ready sandbox (claim_exec_ms: claim + first command)
//
// Each repetition is one sample (one iteration), so the custom statistics p50/p90/p99/max
// are percentiles over repetitions; counters carry the references and the paired ratios.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <random>

#include "core/fs_util.h"
#include "core/log.h"
#include "reports/benchmark_stats.h"
#include "suites/bench/bench_environment.h"
#include "suites/bench/machine_context.h"
#include "suites/bench/run_benchmarks.h"

namespace sandcheck::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct TimedStep {
  std::function<Status()> run;
  double ms = 0;
};

// Runs the steps once each, in an order shuffled per repetition, timing each one.
Status RunShuffled(std::vector<TimedStep*> steps) {
  static std::mt19937 shuffle(std::random_device{}());
  std::shuffle(steps.begin(), steps.end(), shuffle);
  for (TimedStep* step : steps) {
    auto start = Clock::now();
    Status done = step->run();
    step->ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (!done.ok()) return done;
  }
  return Status::Ok();
}

// Skips the benchmark with `status`'s message; true when it did.
bool SkippedOn(benchmark::State& state, const Status& status) {
  if (status.ok()) return false;
  state.SkipWithError(status.message().c_str());
  return true;
}

RuntimeFixture* FixtureOrSkip(benchmark::State& state, RuntimeKind kind) {
  std::string why;
  RuntimeFixture* fixture = BenchEnvironment::Get().For(kind, &why);
  if (!fixture) state.SkipWithError(why.c_str());
  return fixture;
}

void Record(benchmark::State& state, double ms, const std::string& reference, double reference_ms) {
  state.SetIterationTime(ms / 1000.0);
  state.counters[reference + "_ms"] = reference_ms;
  state.counters["ratio_vs_" + reference] = reference_ms > 0 ? ms / reference_ms : 0;
}

// Acquires the bench deployment into `sandbox`: sandcheck's side of a timed step.
Status AcquireInto(SandboxLease& sandbox, RuntimeKind kind) {
  ASSIGN_OR_RETURN(sandbox, BenchEnvironment::Get().substrate().Acquire(BenchDeployment(kind),
                                                                        {.purpose = "bench"}));
  return Status::Ok();
}

// Runs the timed steps in random order, then removes both containers; false (the benchmark
// skipped) when any of it failed.
bool TimedAndRemoved(benchmark::State& state, std::vector<TimedStep*> steps, SandboxLease& sandbox,
                     BareContainer& bare) {
  if (SkippedOn(state, RunShuffled(std::move(steps)))) return false;
  return !SkippedOn(state, sandbox->Destroy()) && !SkippedOn(state, bare.Remove());
}

void BM_Ready(benchmark::State& state, RuntimeKind kind) {
  RuntimeFixture* fixture = FixtureOrSkip(state, kind);
  if (!fixture) return;
  for (auto _ : state) {
    SandboxLease sandbox;
    BareContainer bare(fixture->runtime, *fixture->idle);
    TimedStep ours{[&] { return AcquireInto(sandbox, kind); }};
    TimedStep reference{[&] { return bare.CreateAndStart(); }};
    if (!TimedAndRemoved(state, {&ours, &reference}, sandbox, bare)) return;
    Record(state, ours.ms, "bare", reference.ms);
  }
}

void BM_FirstExec(benchmark::State& state, RuntimeKind kind) {
  RuntimeFixture* fixture = FixtureOrSkip(state, kind);
  if (!fixture) return;
  for (auto _ : state) {
    SandboxLease sandbox;
    BareContainer bare(fixture->runtime, *fixture->idle);
    TimedStep ours{[&]() -> Status {
      RETURN_IF_ERROR(AcquireInto(sandbox, kind));
      return ProbeSucceeds(*sandbox);
    }};
    TimedStep steps{[&]() -> Status {
      RETURN_IF_ERROR(bare.CreateAndStart());
      return bare.Exec();
    }};
    TimedStep run{[&] { return BareRun(*fixture->runtime, *fixture->run); }};
    if (!TimedAndRemoved(state, {&ours, &steps, &run}, sandbox, bare)) return;
    Record(state, ours.ms, "bare", steps.ms);
    state.counters["bare_run_ms"] = run.ms;
    state.counters["ratio_vs_bare_run"] = ours.ms / run.ms;
  }
}

void BM_Exec(benchmark::State& state, RuntimeKind kind) {
  RuntimeFixture* fixture = FixtureOrSkip(state, kind);
  if (!fixture) return;
  std::vector<std::string> on_host = ProbeCommand();
  on_host[0] = BenchEnvironment::Get().probe_on_host().string();
  for (auto _ : state) {
    TimedStep ours{[&] { return ProbeSucceeds(*fixture->running_sandbox); }};
    TimedStep bare{[&] { return fixture->running_bare->Exec(); }};
    TimedStep fork_exec{[&] { return ForkExec(on_host); }};
    if (SkippedOn(state, RunShuffled({&ours, &bare, &fork_exec}))) return;
    Record(state, ours.ms, "bare", bare.ms);
    state.counters["fork_exec_ms"] = fork_exec.ms;
    state.counters["ratio_vs_fork_exec"] = ours.ms / fork_exec.ms;
  }
}

void BM_Teardown(benchmark::State& state, RuntimeKind kind) {
  RuntimeFixture* fixture = FixtureOrSkip(state, kind);
  if (!fixture) return;
  OciSubstrate& substrate = BenchEnvironment::Get().substrate();
  for (auto _ : state) {
    auto sandbox = substrate.Acquire(BenchDeployment(kind), {.purpose = "bench"});
    if (SkippedOn(state, sandbox.ok() ? Status::Ok() : Status(sandbox.error()))) return;
    BareContainer bare(fixture->runtime, *fixture->idle);
    if (SkippedOn(state, bare.CreateAndStart())) return;
    TimedStep ours{[&] { return (*sandbox)->Destroy(); }};
    TimedStep reference{[&] { return bare.Remove(); }};
    if (SkippedOn(state, RunShuffled({&ours, &reference}))) return;
    Record(state, ours.ms, "bare", reference.ms);
  }
}

void BM_WarmClaim(benchmark::State& state, RuntimeKind kind) {
  RuntimeFixture* fixture = FixtureOrSkip(state, kind);
  if (!fixture) return;
  Duration refill_deadline = fixture->runtime->timeouts().runtime_command * 4;
  for (auto _ : state) {
    // Full before the timing, and refilled before the next benchmark runs: the refill thread
    // must not run during anyone's timing.
    if (SkippedOn(state, fixture->pool->WaitUntilFull(refill_deadline))) return;
    auto start = Clock::now();
    auto lease = fixture->pool->Claim(refill_deadline);
    double claim_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (SkippedOn(state, lease.ok() ? Status::Ok() : Status(lease.error()))) return;
    if (SkippedOn(state, ProbeSucceeds(**lease))) return;
    double claim_exec_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (SkippedOn(state, (*lease)->Destroy())) return;
    if (SkippedOn(state, fixture->pool->WaitUntilFull(refill_deadline))) return;
    state.SetIterationTime(claim_ms / 1000.0);
    state.counters["claim_exec_ms"] = claim_exec_ms;
  }
}

// Google Benchmark takes plain function pointers for statistics; percentiles as in reports/.
double P50(const std::vector<double>& values) {
  auto summary = reports::Summarize(values);
  return summary ? summary->p50_ms : 0.0;
}
double P90(const std::vector<double>& values) {
  auto summary = reports::Summarize(values);
  return summary ? summary->p90_ms : 0.0;
}
double P99(const std::vector<double>& values) {
  auto summary = reports::Summarize(values);
  return summary ? summary->p99_ms : 0.0;
}
double Max(const std::vector<double>& values) {
  auto summary = reports::Summarize(values);
  return summary ? summary->max_ms : 0.0;
}

benchmark::internal::Benchmark* WithPercentiles(benchmark::internal::Benchmark* bench) {
  return bench->ComputeStatistics("p50", P50)
      ->ComputeStatistics("p90", P90)
      ->ComputeStatistics("p99", P99)
      ->ComputeStatistics("max", Max);
}

void RegisterAll() {
  using Function = void (*)(benchmark::State&, RuntimeKind);
  const std::pair<const char*, Function> figures[] = {{"ready", BM_Ready},
                                                      {"first_exec", BM_FirstExec},
                                                      {"exec", BM_Exec},
                                                      {"teardown", BM_Teardown},
                                                      {"warm_claim", BM_WarmClaim}};
  for (RuntimeKind kind : {RuntimeKind::kRunc, RuntimeKind::kCrun, RuntimeKind::kRunsc}) {
    for (const auto& [figure, function] : figures) {
      auto* bench = benchmark::RegisterBenchmark(
          fmt::format("{}/{}", figure, ToString(kind)).c_str(), function, kind);
      WithPercentiles(bench->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(1));
    }
  }
}

void AddContext() {
  AddMachineContext();
  benchmark::AddCustomContext("sample",
                              "one repetition = one sample; percentiles over repetitions");
}

// Flags this suite needs unless the caller set them: at least 9 samples, random interleaving.
std::vector<char*> WithDefaultFlags(int argc, char** argv) {
  static std::string repetitions = "--benchmark_repetitions=15";
  static std::string interleaving = "--benchmark_enable_random_interleaving=true";
  std::vector<char*> args(argv, argv + argc);
  auto given = [&](std::string_view flag) {
    return std::any_of(args.begin(), args.end(),
                       [&](const char* arg) { return std::string_view(arg).starts_with(flag); });
  };
  if (!given("--benchmark_repetitions")) args.push_back(repetitions.data());
  if (!given("--benchmark_enable_random_interleaving")) args.push_back(interleaving.data());
  args.push_back(nullptr);
  return args;
}

}  // namespace
}  // namespace sandcheck::bench

int main(int argc, char** argv) {
  using namespace sandcheck::bench;
  sandcheck::SetLogLevel(sandcheck::LogLevel::kWarning);
  std::vector<char*> args = WithDefaultFlags(argc, argv);
  int count = static_cast<int>(args.size()) - 1;
  RegisterAll();
  AddContext();
  int exit_code = RunRegisteredBenchmarks(count, args.data());
  BenchEnvironment::Shutdown();
  return exit_code;
}
