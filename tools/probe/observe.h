// Observe mode: runs the selected sections and assembles the probe's JSON document.
#pragma once

#include <vector>

#include "tools/probe/options.h"

namespace sandcheck::probe {

inline constexpr int kSchemaVersion = 1;

// Never throws: a section that fails becomes {"error": "..."} and the others still run.
Json Observe(const ObserveOptions& options, const std::vector<const SectionInfo*>& sections);

}  // namespace sandcheck::probe
