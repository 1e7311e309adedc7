// The tail every sandcheck benchmark's main() shares.
#pragma once

namespace sandcheck::bench {

// Google Benchmark reads its flags from argv; an unknown flag is refused (returns `bad_usage`
// after saying which); otherwise every registered benchmark runs and this returns 0.
int RunRegisteredBenchmarks(int argc, char** argv, int bad_usage = 1);

}  // namespace sandcheck::bench
