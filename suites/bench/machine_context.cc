#include "suites/bench/machine_context.h"

#include <benchmark/benchmark.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "clusters/oci/runtime_profiles.h"
#include "core/fs_util.h"
#include "core/process.h"

namespace sandcheck::bench {
namespace {

std::string FirstLineOf(const std::vector<std::string>& argv) {
  ProcessSpec spec;
  spec.argv = argv;
  spec.timeout = std::chrono::seconds(10);
  auto outcome = RunProcess(spec);
  if (!outcome.ok() || !outcome->Succeeded()) return "unavailable";
  return outcome->out.substr(0, outcome->out.find('\n'));
}

}  // namespace

void AddMachineContext() {
  for (const auto& profile : RuntimeProfiles()) {
    benchmark::AddCustomContext(profile.binary + "_version",
                                FirstLineOf({profile.binary, "--version"}));
  }
  utsname host{};
  ::uname(&host);
  benchmark::AddCustomContext("kernel", std::string(host.sysname) + " " + host.release);
  benchmark::AddCustomContext("online_cpus", std::to_string(::sysconf(_SC_NPROCESSORS_ONLN)));
  auto load = ReadFile("/proc/loadavg");
  benchmark::AddCustomContext("loadavg_at_start",
                              load.ok() ? load->substr(0, load->find('\n')) : "unknown");
}

}  // namespace sandcheck::bench
