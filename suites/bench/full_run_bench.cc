// Wall time of a full run of the isolation, credentials, persistence and hooks families
// against a reference deployment (issue 3: at most 10 s on a 2-core machine).
//
// Each iteration is what `sandcheck run` does for one deployment: DeploymentRun over every
// selected check in id order, sharing one sandbox per family, then releasing them. Set-up
// that a real run pays once per machine (the rootfs cache, the runtime's version probe, the
// canaries) happens before timing, in a warm-up run whose verdicts must hold too.
//
// Counters: the verdict counts of the last iteration (an error skips the benchmark with the
// check and its summary), and each family's share of the wall time. --profile prints every
// check's mean time to stderr, slowest first.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>

#include "clusters/oci/oci_substrate.h"
#include "clusters/substrate_registry.h"
#include "core/deployment_parser.h"
#include "core/log.h"
#include "core/temp_dir.h"
#include "suites/all_checks.h"
#include "suites/bench/machine_context.h"
#include "suites/bench/run_benchmarks.h"
#include "suites/credentials/host_canaries.h"
#include "suites/credentials/host_references.h"
#include "suites/framework/runner.h"
#include "suites/framework/selection.h"

namespace sandcheck {
namespace {

using Clock = std::chrono::steady_clock;

const std::vector<Family> kBudgetFamilies = {Family::kIsolation, Family::kCredentials,
                                             Family::kPersistence, Family::kHooks};

// Shared by every benchmark: one substrate (as one `sandcheck run` process has), its state
// directory, the registry and the canaries.
class BenchWorld {
 public:
  static BenchWorld& Get() {
    static BenchWorld world;
    return world;
  }
  const std::string& setup_error() const { return setup_error_; }
  OciSubstrate& substrate() { return *substrate_; }
  const std::vector<const CheckInfo*>& checks() const { return checks_; }
  // Mean milliseconds per check id over every timed run, for --profile.
  std::map<std::string, std::pair<double, int>>& check_millis() { return check_millis_; }

 private:
  BenchWorld() {
    auto state = TempDir::Create("sandcheck-full-run-");
    if (!state.ok()) {
      setup_error_ = state.message();
      return;
    }
    state_.emplace(std::move(state).value());
    if (auto canaries = HostCanaries::Install(state_->path()); !canaries.ok()) {
      setup_error_ = canaries.message();
      return;
    }
    OciSubstrateConfig config;
    config.state_dir = state_->path();
    config.probe_binary = SANDCHECK_PROBE_BINARY;
    auto substrate = OciSubstrate::Create(config);
    if (!substrate.ok()) {
      setup_error_ = substrate.message();
      return;
    }
    substrate_ = std::move(substrate).value();
    auto registry = BuildRegistry();
    if (!registry.ok()) {
      setup_error_ = registry.message();
      return;
    }
    registry_ = std::make_unique<CheckRegistry>(std::move(registry).value());
    CheckFilter filter;
    filter.families = kBudgetFamilies;
    checks_ = SelectChecks(*registry_, filter);
  }

  std::string setup_error_;
  std::optional<TempDir> state_;
  std::unique_ptr<OciSubstrate> substrate_;  // destroyed before state_
  std::unique_ptr<CheckRegistry> registry_;
  std::vector<const CheckInfo*> checks_;
  std::map<std::string, std::pair<double, int>> check_millis_;
};

Result<Deployment> LoadReference(RuntimeKind runtime) {
  auto file = std::filesystem::path(SANDCHECK_SOURCE_DIR) / "fixtures" / "deployments" /
              fmt::format("reference-{}.yaml", ToString(runtime));
  ASSIGN_OR_RETURN(Deployment deployment, ParseDeploymentFile(file, SubstrateTraitsCatalog()));
  return ResolveHostReferences(std::move(deployment), HostCanaries::Installed()->host(),
                               ProcessEnvironment);
}

// The first error among `results`, as "ID: summary"; empty when none errored.
std::string FirstError(const std::vector<CheckResult>& results) {
  for (const auto& result : results) {
    if (result.verdict == Verdict::kError) return result.id + ": " + result.summary;
  }
  return "";
}

void BM_FullRun(benchmark::State& state, RuntimeKind runtime) {
  BenchWorld& world = BenchWorld::Get();
  if (!world.setup_error().empty()) {
    state.SkipWithError(("set-up: " + world.setup_error()).c_str());
    return;
  }
  if (!world.substrate().Runtime(runtime)) {
    auto capabilities = world.substrate().Capabilities(runtime);
    state.SkipWithError(fmt::format("{} unavailable: {}", ToString(runtime),
                                    capabilities.capabilities.begin()->second.reason)
                            .c_str());
    return;
  }
  auto deployment = LoadReference(runtime);
  if (!deployment.ok()) {
    state.SkipWithError(deployment.message().c_str());
    return;
  }
  RunOptions options;
  options.artifacts_root = std::filesystem::temp_directory_path() / "sandcheck-bench-artifacts";
  // Warm-up, untimed: builds the rootfs cache and detects the runtime, as any earlier run
  // on this machine would have.
  static std::map<RuntimeKind, bool> warmed;
  if (!warmed[runtime]) {
    auto results = RunChecks(*deployment, world.substrate(), world.checks(), options);
    if (auto error = FirstError(results); !error.empty()) {
      state.SkipWithError(("warm-up run: " + error).c_str());
      return;
    }
    warmed[runtime] = true;
  }

  std::vector<CheckResult> results;
  for (auto _ : state) {
    auto start = Clock::now();
    results = RunChecks(*deployment, world.substrate(), world.checks(), options);
    state.SetIterationTime(std::chrono::duration<double>(Clock::now() - start).count());
    if (auto error = FirstError(results); !error.empty()) {
      state.SkipWithError(error.c_str());
      return;
    }
    for (const auto& result : results) {
      auto& [total, count] = world.check_millis()[result.id];
      total += static_cast<double>(result.elapsed.count());
      ++count;
    }
  }
  std::map<Verdict, int> verdicts;
  std::map<Family, double> family_ms;
  std::string label;  // which checks did not pass, so a fail or skip is visible by name
  for (size_t i = 0; i < results.size(); ++i) {
    ++verdicts[results[i].verdict];
    if (results[i].verdict == Verdict::kFail || results[i].verdict == Verdict::kSkip) {
      label += fmt::format("{}{}={}", label.empty() ? "" : " ", results[i].id,
                           ToString(results[i].verdict));
    }
    family_ms[world.checks()[i]->family] += static_cast<double>(results[i].elapsed.count());
  }
  for (Verdict verdict :
       {Verdict::kPass, Verdict::kFail, Verdict::kError, Verdict::kSkip, Verdict::kNotApplicable}) {
    state.counters[std::string(ToString(verdict))] = verdicts[verdict];
  }
  for (Family family : kBudgetFamilies) {
    state.counters[fmt::format("{}_ms", ToString(family))] = family_ms[family];
  }
  state.counters["checks"] = static_cast<double>(results.size());
  state.SetLabel(label);
}

void AddContext() {
  bench::AddMachineContext();
  benchmark::AddCustomContext("budget_s", "10");
}

void PrintProfile() {
  std::vector<std::pair<double, std::string>> means;
  for (const auto& [id, sum] : BenchWorld::Get().check_millis()) {
    means.emplace_back(sum.first / sum.second, id);
  }
  std::sort(means.rbegin(), means.rend());
  fmt::print(stderr, "mean ms per check over every timed run of every runtime:\n");
  for (const auto& [ms, id] : means) fmt::print(stderr, "  {:<10} {:8.1f}\n", id, ms);
}

}  // namespace
}  // namespace sandcheck

int main(int argc, char** argv) {
  using namespace sandcheck;
  SetLogLevel(LogLevel::kWarning);
  bool profile = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--profile") == 0) {
      profile = true;
      std::copy(argv + i + 1, argv + argc + 1, argv + i);  // gbenchmark must not see it
      --argc;
      break;
    }
  }
  for (RuntimeKind runtime : {RuntimeKind::kRunc, RuntimeKind::kRunsc}) {
    benchmark::RegisterBenchmark(fmt::format("FullRun/reference-{}", ToString(runtime)).c_str(),
                                 BM_FullRun, runtime)
        ->UseManualTime()
        ->Unit(benchmark::kSecond)
        ->Iterations(1)
        ->Repetitions(5);
  }
  AddContext();
  int exit_code = bench::RunRegisteredBenchmarks(argc, argv);
  if (profile && exit_code == 0) PrintProfile();
  return exit_code;
}
