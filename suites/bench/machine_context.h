// What every sandcheck benchmark records about the machine it ran on, so figures from two
// machines or two moments can be told apart: runtime versions, kernel, CPUs, load.
#pragma once

namespace sandcheck::bench {

void AddMachineContext();

}  // namespace sandcheck::bench
