// From sandbox claim to the real agent's first tool execution, per runtime: Acquire of the
// reference agent deployment (image claude-code, network world), then `claude --print` in it
// against the model double, whose first turn is a Bash call; the clock stops when the request
// carrying that call's tool result reaches the double. Claude Code's own start-up is part of
// the figure on purpose: it is what an operator waits for.
//
// The image's base is built before timing (a machine builds it once). Runtimes that cannot join
// the world (runsc 20221219) skip with the substrate's reason.
#include <benchmark/benchmark.h>

#include "clusters/oci/oci_substrate.h"
#include "clusters/substrate_registry.h"
#include "core/deployment_parser.h"
#include "core/log.h"
#include "core/temp_dir.h"
#include "suites/agent/agent_run.h"
#include "suites/bench/machine_context.h"
#include "suites/bench/run_benchmarks.h"

namespace sandcheck {
namespace {

using Clock = std::chrono::steady_clock;

class AgentBenchWorld {
 public:
  static AgentBenchWorld& Get() {
    static AgentBenchWorld world;
    return world;
  }
  static void Shutdown() { Get().substrate_.reset(); }
  const std::string& error() const { return error_; }
  OciSubstrate& substrate() { return *substrate_; }
  Result<Deployment> DeploymentOn(RuntimeKind runtime) {
    auto parsed = ParseDeploymentFile(std::filesystem::path(SANDCHECK_SOURCE_DIR) /
                                          "fixtures/deployments/reference-agent-runc.yaml",
                                      SubstrateTraitsCatalog());
    if (!parsed.ok()) return parsed.error();
    parsed->runtime = runtime;
    return parsed;
  }

 private:
  AgentBenchWorld() {
    auto state = TempDir::Create("sandcheck-agent-bench-");
    if (!state.ok()) {
      error_ = state.message();
      return;
    }
    state_.emplace(std::move(state).value());
    OciSubstrateConfig config;
    config.state_dir = state_->path();
    config.probe_binary = SANDCHECK_PROBE_BINARY;
    config.shared_bases = SANDCHECK_TEST_SHARED_BASES;  // the warm-up then clones, not builds
    auto substrate = OciSubstrate::Create(config);
    if (!substrate.ok()) {
      error_ = substrate.message();
      return;
    }
    substrate_ = std::move(substrate).value();
  }
  std::optional<TempDir> state_;
  std::unique_ptr<OciSubstrate> substrate_;
  std::string error_;
};

// The model double every run talks to: it answers each conversation from its first turn, and
// listens in the world, where every sandbox reaches it. Started from the warm-up's sandbox, so
// that no run's clock includes it.
Result<ModelApi> StartBenchModelApi(OciSubstrate& substrate, const Deployment& deployment) {
  ASSIGN_OR_RETURN(SandboxLease sandbox, substrate.Acquire(deployment, {.purpose = "agent-warm"}));
  return StartModelApi(*sandbox, {ToolTurn("Bash", {{"command", "true"}, {"description", "start"}}),
                                  TextTurn("done")});
}

// One claim-to-first-tool run; the elapsed time, or why it could not be measured.
Result<Clock::duration> ClaimToFirstTool(OciSubstrate& substrate, const Deployment& deployment,
                                         const ModelApi& api) {
  auto claimed = Clock::now();
  ASSIGN_OR_RETURN(SandboxLease sandbox, substrate.Acquire(deployment, {.purpose = "agent-bench"}));
  ASSIGN_OR_RETURN(AgentRun run, RunAgent(*sandbox, api, PrintInvocation("start", Timeouts{})));
  for (const auto& request : run.requests) {
    if (!ToolResultsOf(request).empty()) return request.received - claimed;
  }
  return Fail("the agent never returned a tool result ({}): {}", run.outcome.DescribeEnd(),
              Tail(run.outcome.err, 300));
}

void BM_ClaimToFirstTool(benchmark::State& state, RuntimeKind runtime) {
  auto& world = AgentBenchWorld::Get();
  if (!world.error().empty()) return state.SkipWithError(world.error().c_str());
  auto capability =
      world.substrate().Capabilities(runtime).capabilities[CapabilityKind::kWorldNetwork];
  if (!capability.available) return state.SkipWithError(capability.reason.c_str());
  auto deployment = world.DeploymentOn(runtime);
  if (!deployment.ok()) return state.SkipWithError(deployment.message().c_str());
  auto api = StartBenchModelApi(world.substrate(), *deployment);
  if (!api.ok()) return state.SkipWithError(api.message().c_str());
  // Warm-up outside timing: builds the image's base and the deployment's tree.
  if (auto warm = ClaimToFirstTool(world.substrate(), *deployment, *api); !warm.ok()) {
    return state.SkipWithError(warm.message().c_str());
  }
  for (auto _ : state) {
    auto elapsed = ClaimToFirstTool(world.substrate(), *deployment, *api);
    if (!elapsed.ok()) return state.SkipWithError(elapsed.message().c_str());
    state.SetIterationTime(std::chrono::duration<double>(*elapsed).count());
  }
}

}  // namespace
}  // namespace sandcheck

int main(int argc, char** argv) {
  using namespace sandcheck;
  SetLogLevel(LogLevel::kWarning);
  for (RuntimeKind runtime : {RuntimeKind::kRunc, RuntimeKind::kCrun, RuntimeKind::kRunsc}) {
    benchmark::RegisterBenchmark(fmt::format("ClaimToFirstTool/{}", ToString(runtime)).c_str(),
                                 BM_ClaimToFirstTool, runtime)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1)
        ->Repetitions(5);
  }
  bench::AddMachineContext();
  auto version = ReadClaudeCodeImageSpec(DefaultClaudeCodeImageSpec());
  benchmark::AddCustomContext("claude_code", version.ok() ? version->version : "unknown");
  int exit_code = bench::RunRegisteredBenchmarks(argc, argv, /*bad_usage=*/2);
  AgentBenchWorld::Shutdown();
  return exit_code;
}
