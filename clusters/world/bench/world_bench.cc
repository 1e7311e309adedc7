// How long the world takes to come up and go away, and to attach and detach one sandbox:
// the egress checks pay the first per run and the second per sandbox. Run as root: world_bench
// --benchmark_repetitions=9
#include <benchmark/benchmark.h>

#include "clusters/world/world.h"
#include "core/temp_dir.h"

namespace sandcheck {
namespace {

constexpr Duration kTimeout = std::chrono::seconds(30);

void BM_WorldUpAndDown(benchmark::State& state) {
  auto dir = TempDir::Create("sandcheck-world-bench-");
  if (!dir.ok()) return state.SkipWithError(dir.message().c_str());
  for (auto _ : state) {
    auto world = World::Create(RunId::Generate(), DefaultWorldHosts(), dir->path(), kTimeout);
    if (!world.ok()) return state.SkipWithError(world.message().c_str());
    Status destroyed = (*world)->Destroy();
    if (!destroyed.ok()) return state.SkipWithError(destroyed.message().c_str());
  }
  state.counters["hosts"] = static_cast<double>(DefaultWorldHosts().size());
}
BENCHMARK(BM_WorldUpAndDown)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_AttachAndDetachSandbox(benchmark::State& state) {
  auto dir = TempDir::Create("sandcheck-world-bench-");
  if (!dir.ok()) return state.SkipWithError(dir.message().c_str());
  auto world = World::Create(RunId::Generate(), DefaultWorldHosts(), dir->path(), kTimeout);
  if (!world.ok()) return state.SkipWithError(world.message().c_str());
  int n = 0;
  for (auto _ : state) {
    auto attached = (*world)->AttachSandbox("bench-" + std::to_string(n++));
    if (!attached.ok()) return state.SkipWithError(attached.message().c_str());
  }
}
BENCHMARK(BM_AttachAndDetachSandbox)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace sandcheck

BENCHMARK_MAIN();
