#include "suites/bench/run_benchmarks.h"

#include <benchmark/benchmark.h>

namespace sandcheck::bench {

int RunRegisteredBenchmarks(int argc, char** argv, int bad_usage) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return bad_usage;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace sandcheck::bench
