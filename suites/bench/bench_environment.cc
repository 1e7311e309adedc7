#include "suites/bench/bench_environment.h"

#include "clusters/oci/rootfs_cache.h"
#include "core/log.h"

namespace sandcheck::bench {
namespace {

BenchEnvironment* g_environment = nullptr;

}  // namespace

BenchEnvironment& BenchEnvironment::Get() {
  if (!g_environment) g_environment = new BenchEnvironment;
  return *g_environment;
}

void BenchEnvironment::Shutdown() {
  delete g_environment;
  g_environment = nullptr;
}

BenchEnvironment::BenchEnvironment() {
  auto state = TempDir::Create("sandcheck-bench-");
  if (!state.ok()) {
    error_ = state.message();
    return;
  }
  state_.emplace(std::move(state).value());
  OciSubstrateConfig config;
  config.state_dir = state_->path();
  config.probe_binary = probe_on_host();
  auto substrate = OciSubstrate::Create(config);
  if (!substrate.ok()) {
    error_ = substrate.message();
    return;
  }
  substrate_ = std::move(substrate).value();
}

BenchEnvironment::~BenchEnvironment() {
  fixtures_.clear();  // pools, sandboxes and bundles before the substrate and state dir
  substrate_.reset();
}

std::filesystem::path BenchEnvironment::probe_on_host() const { return SANDCHECK_PROBE_BINARY; }

RuntimeFixture* BenchEnvironment::For(RuntimeKind runtime, std::string* why) {
  if (!substrate_) {
    *why = error_;
    return nullptr;
  }
  if (auto it = fixtures_.find(runtime); it != fixtures_.end()) return it->second.get();
  if (auto it = failures_.find(runtime); it != failures_.end()) {
    *why = it->second;
    return nullptr;
  }
  auto fixture = MakeFixture(runtime);
  if (!fixture.ok()) {
    failures_[runtime] = fixture.message();
    *why = fixture.message();
    return nullptr;
  }
  return (fixtures_[runtime] = std::move(fixture).value()).get();
}

Result<std::unique_ptr<RuntimeFixture>> BenchEnvironment::MakeFixture(RuntimeKind kind) {
  auto base = substrate_->Runtime(kind);
  if (!base) {
    return Fail("{} unavailable: {}", ToString(kind),
                substrate_->Capabilities(kind).capabilities.begin()->second.reason);
  }
  Deployment deployment = BenchDeployment(kind);
  auto fixture = std::make_unique<RuntimeFixture>();
  fixture->runtime = std::make_shared<const RuntimeCli>(base->ForNetwork(deployment.network));
  // The same cached tree the timed Acquire finds (built here, outside any timing).
  ASSIGN_OR_RETURN(auto lower, RootfsCache(substrate_->layout().rootfs_cache())
                                   .Ensure(deployment, {"/bin/busybox", probe_on_host()},
                                           substrate_->run_id(), std::chrono::seconds(120)));
  std::string prefix = ResourceName(substrate_->run_id(), std::string(ToString(kind)));
  Deployment run_deployment = deployment;
  run_deployment.command = ProbeCommand();
  ASSIGN_OR_RETURN(fixture->idle, PreparedBundle::Create(*substrate_, lower, deployment,
                                                         prefix + "-bare", ProbeCommand()));
  ASSIGN_OR_RETURN(fixture->run, PreparedBundle::Create(*substrate_, lower, run_deployment,
                                                        prefix + "-run", ProbeCommand()));
  ASSIGN_OR_RETURN(fixture->exec_target, PreparedBundle::Create(*substrate_, lower, deployment,
                                                                prefix + "-exec", ProbeCommand()));
  fixture->running_bare = std::make_unique<BareContainer>(fixture->runtime, *fixture->exec_target);
  RETURN_IF_ERROR(fixture->running_bare->CreateAndStart());
  ASSIGN_OR_RETURN(fixture->running_sandbox,
                   substrate_->Acquire(deployment, {.purpose = "bench-exec"}));
  ASSIGN_OR_RETURN(fixture->pool, WarmPool::Create(*substrate_, deployment, {.size = 2}));
  RETURN_IF_ERROR(fixture->pool->WaitUntilFull(fixture->runtime->timeouts().runtime_command * 4));
  return fixture;
}

}  // namespace sandcheck::bench
