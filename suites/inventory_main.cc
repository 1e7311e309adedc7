// sandcheck-inventory: prints suites/conformance.yaml generated from the check registry.
#include <cstdio>

#include "suites/all_checks.h"
#include "suites/inventory.h"

int main() {
  auto registry = sandcheck::BuildRegistry();
  if (!registry.ok()) {
    std::fprintf(stderr, "sandcheck-inventory: %s\n", registry.message().c_str());
    return 1;
  }
  std::fputs(sandcheck::InventoryYaml(*registry).c_str(), stdout);
  return 0;
}
