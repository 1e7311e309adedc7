#include "suites/isolation/isolation_checks.h"

namespace sandcheck {

std::vector<CheckInfo> IsolationChecks() {
  std::vector<CheckInfo> checks;
  for (auto* part :
       {isolation::PrivilegeChecks, isolation::FilesystemChecks, isolation::NamespaceChecks,
        isolation::LimitChecks, isolation::HostNetworkChecks, isolation::SandboxKernelChecks}) {
    auto more = part();
    checks.insert(checks.end(), std::make_move_iterator(more.begin()),
                  std::make_move_iterator(more.end()));
  }
  return checks;
}

}  // namespace sandcheck
