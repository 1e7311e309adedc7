// sandcheck-probe: observes a sandbox from the inside and prints one JSON document.
// See docs/probe.md for the modes, options and the document schema.
#include <iostream>

#include "tools/probe/batch_mode.h"
#include "tools/probe/entrypoint.h"
#include "tools/probe/init_mode.h"
#include "tools/probe/observe.h"
#include "tools/probe/options.h"
#include "tools/probe/sections/sections.h"

namespace sandcheck::probe {
namespace {

int UsageError(const std::string& message) {
  std::cerr << "sandcheck-probe: " << message << "\n\n" << kUsage;
  return 2;
}

int Main(const std::string& self, const std::vector<std::string>& args) {
  std::string error;
  auto command = ParseCommandLine(args, &error);
  if (!command) return UsageError(error);
  switch (command->mode) {
    case Mode::kHelp:
      std::cout << kUsage;
      return 0;
    case Mode::kVersion:
      std::cout << "sandcheck-probe " << SANDCHECK_PROBE_VERSION << " (schema " << kSchemaVersion
                << ")\n";
      return 0;
    case Mode::kInit:
      if (command->init.has_work() || !command->init.command.empty()) {
        return RunEntrypoint(self, command->init);
      }
      return RunInit();
    case Mode::kBatch:
      return RunBatch();
    case Mode::kObserve:
      break;
  }
  auto sections = SelectSections(command->observe, SectionRegistry(), &error);
  if (!sections) return UsageError(error);
  Json document = Observe(command->observe, *sections);
  // Replace, not throw, on bytes that are not UTF-8 (odd file names, kernel log text).
  std::cout << document.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
  return 0;
}

}  // namespace
}  // namespace sandcheck::probe

int main(int argc, char** argv) {
  if (argc < 1) return 2;
  return sandcheck::probe::Main(argv[0], std::vector<std::string>(argv + 1, argv + argc));
}
