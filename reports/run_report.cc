#include "reports/run_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace sandcheck::reports {

Status Validate(const RunReport& report) {
  std::set<std::string> names;
  for (const auto& section : report.deployments) {
    const std::string& name = section.deployment.name;
    if (name.empty())
      return Fail("report: a deployment has no name ({})", section.deployment.source_file.string());
    if (!names.insert(name).second) return Fail("report: deployment '{}' appears twice", name);
    std::set<std::string> ids;
    for (const auto& result : section.results) {
      if (!report.checks.contains(result.id)) {
        return Fail("report: result '{}' of deployment '{}' names no known check", result.id, name);
      }
      if (!ids.insert(result.id).second) {
        return Fail("report: check '{}' ran twice in deployment '{}'", result.id, name);
      }
    }
  }
  return Status::Ok();
}

const CheckDescription& InfoFor(const RunReport& report, const CheckResult& result) {
  return report.checks.at(result.id);
}

Phase PhaseOf(const Deployment& deployment, const CheckDescription& check) {
  for (const auto& assignment : deployment.phases) {
    if (assignment.family == check.family) return assignment.phase;
  }
  return check.phase;
}

std::string PhaseLabel(Phase phase) {
  const auto& phases = AllPhases();
  auto number = std::find(phases.begin(), phases.end(), phase) - phases.begin() + 1;
  return fmt::format("{:02d} {}", number, ToString(phase));
}

const std::vector<Phase>& AllPhases() {
  static const std::vector<Phase> phases = {Phase::kIsolation, Phase::kObservability,
                                            Phase::kPortability};
  return phases;
}

}  // namespace sandcheck::reports
