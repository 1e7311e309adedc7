// `sandcheck sweep`: remove what interrupted runs left on every substrate of this build that
// can be reached here. Sandboxes `sandcheck up --detach` holds are left alone unless
// --detached asks for them too; one whose holder died is an interrupted run's.
#include <fmt/format.h>

#include "tools/sandcheck/command.h"
#include "tools/sandcheck/substrate_options.h"
#include "tools/sandcheck/up_holder.h"

namespace sandcheck::cli {

int SweepCommand(const std::vector<std::string>& args) {
  po::options_description options("sweep options");
  options.add_options()("detached", "also take down the sandboxes `sandcheck up --detach` holds");
  AddSubstrateOptions(options);
  int exit_code = kExitOk;
  auto vars = ParseOptions("sweep", "[--detached] [--state-dir DIR]", options, {}, args, exit_code);
  if (!vars) return exit_code;
  auto substrate_options = SubstrateOptionsFrom(*vars);
  if (!substrate_options.ok()) {
    fmt::print(stderr, "sandcheck sweep: {}\n", substrate_options.message());
    return kExitHarness;
  }
  const std::filesystem::path& state_dir = substrate_options->state_dir;

  // Listing the holders also forgets dead ones, whose runs the substrates sweep below.
  std::vector<std::string> detached = DetachedHolders(state_dir);
  if (vars->count("detached")) {
    for (const auto& name : detached) {
      Status stopped = StopHolder(state_dir, name, substrate_options->timeouts.runtime_command * 2);
      if (!stopped.ok()) {
        fmt::print(stderr, "sandcheck sweep: {}\n", stopped.message());
        return kExitHarness;
      }
      fmt::print(stderr, "sandcheck sweep: {} (detached) is gone\n", name);
    }
  } else if (!detached.empty()) {
    fmt::print(stderr,
               "sandcheck sweep: left {} detached sandbox(es) running (--detached takes them)\n",
               detached.size());
  }

  for (const auto& entry : Substrates()) {
    std::string_view kind = ToString(entry.traits.kind);
    if (Status reachable = entry.reachable(*substrate_options); !reachable.ok()) {
      fmt::print(stderr, "sandcheck sweep: no {} substrate to sweep here ({})\n", kind,
                 reachable.message());
      continue;
    }
    auto substrate = entry.open(*substrate_options);
    Status swept = substrate.ok() ? (*substrate)->SweepAbandoned() : Status(substrate.error());
    if (!swept.ok()) {
      fmt::print(stderr, "sandcheck sweep: {}: {}\n", kind, swept.message());
      return kExitHarness;
    }
    fmt::print(stderr, "sandcheck sweep: nothing of an interrupted run is left on {} in {}\n", kind,
               state_dir.string());
  }
  return kExitOk;
}

}  // namespace sandcheck::cli
