#include "tools/probe/observe.h"

#include <exception>

#include "tools/probe/sys.h"

namespace sandcheck::probe {

Json Observe(const ObserveOptions& options, const std::vector<const SectionInfo*>& sections) {
  PrepareChildWaits();
  auto start = Clock::now();
  Json document{{"schema", kSchemaVersion}, {"probe_version", SANDCHECK_PROBE_VERSION}};
  Json timing;
  for (const SectionInfo* section : sections) {
    std::string name(section->name);
    auto section_start = Clock::now();
    try {
      document[name] = section->run(options);
    } catch (const std::exception& error) {
      document[name] = Json{{"error", error.what()}};
    } catch (...) {
      document[name] = Json{{"error", "unknown exception"}};
    }
    timing[name] = ElapsedMs(section_start);
  }
  document["timing_ms"] = timing;
  document["elapsed_ms"] = ElapsedMs(start);
  return document;
}

}  // namespace sandcheck::probe
