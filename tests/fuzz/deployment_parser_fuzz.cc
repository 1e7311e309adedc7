// libFuzzer target: any bytes given to ParseDeploymentText must come back as a Deployment or an
// Error whose every line has the documented "FILE:LINE:COL: error: WHAT. fix: HOW" shape; never
// a crash, a hang, an escaped exception or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "clusters/substrate_traits_catalog.h"
#include "core/deployment_parser.h"

namespace {

// Checks the message shape cheaply (a regex per input would dominate the run time).
bool WellFormed(std::string_view message) {
  constexpr std::string_view kPrefix = "fuzz.yaml:";
  while (!message.empty()) {
    size_t end = message.find('\n');
    std::string_view line = message.substr(0, end);
    if (!line.starts_with(kPrefix) || line.find(": error: ") == std::string_view::npos ||
        line.find(". fix: ") == std::string_view::npos) {
      return false;
    }
    if (end == std::string_view::npos) break;
    message.remove_prefix(end + 1);
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view yaml(reinterpret_cast<const char*>(data), size);
  // The seed corpus is fixtures/deployments, whose relative paths resolve from there.
  auto deployment = sandcheck::ParseDeploymentText(yaml, "fuzz.yaml",
                                                   SANDCHECK_SOURCE_DIR "/fixtures/deployments",
                                                   sandcheck::SubstrateTraitsCatalog());
  if (!deployment.ok() && !WellFormed(deployment.message())) std::abort();
  return 0;
}
