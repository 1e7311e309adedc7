// The golden conformance list (suites/conformance.yaml): every check's id, MUST statement,
// family, phase, severity and negative controls. It is generated from the registry by
// `sandcheck-inventory` and reviewed like code; a test fails when the two drift apart.
#pragma once

#include <string>

#include "suites/framework/registry.h"

namespace sandcheck {

std::string InventoryYaml(const CheckRegistry& registry);

}  // namespace sandcheck
