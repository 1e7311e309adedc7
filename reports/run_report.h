// The input of every report: what one `sandcheck run` did, as plain data. The CLI fills a
// RunReport (see build_report.h for grouping collected results) and hands it to
// WriteReports (reports.h); the writers never look anywhere else.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/check_model.h"
#include "core/deployment.h"
#include "core/result.h"

namespace sandcheck::reports {

using Clock = std::chrono::system_clock;

struct HostFacts {
  std::string kernel_release;  // uname -r
  int cpu_count = 0;
  // Nullopt: withheld on purpose (CI host names can reveal infrastructure). JUnit then says
  // "localhost", as its schema asks for an unknown host.
  std::optional<std::string> hostname;
};

// One deployment under test and what its checks found.
struct DeploymentSection {
  Deployment deployment;  // deployment.source_file is the file under test (SARIF location)
  std::string substrate;  // as run, e.g. "oci"
  std::string runtime;    // e.g. "runsc"
  std::string runtime_version;
  std::vector<CheckResult> results;
};

struct RunReport {
  std::string run_id;
  Clock::time_point started;
  Clock::time_point finished;
  std::string sandcheck_version;
  HostFacts host;
  std::map<std::string, std::string> tool_versions;  // runtime or tool name -> version
  std::vector<DeploymentSection> deployments;
  std::map<std::string, CheckDescription> checks;  // check id -> its description, for every result
  // Benchmark series name (e.g. "startup/runsc") -> samples in milliseconds. Empty: no bench.
  std::map<std::string, std::vector<double>> benchmarks_ms;
  // Literal values that must never appear in a report (tokens, keys, passwords).
  std::vector<std::string> secrets;
};

// Every result names a check in `checks`, deployment names are unique and non-empty, and a
// check runs at most once per deployment. Writers rely on it; WriteReports checks it first.
Status Validate(const RunReport& report);

// The description of a result's check. Only for a report that passed Validate.
const CheckDescription& InfoFor(const RunReport& report, const CheckResult& result);

// The phase a check's promise belongs to in this deployment: the deployment's assignment
// for the check's family when it has one, else the check's own phase.
Phase PhaseOf(const Deployment& deployment, const CheckDescription& check);

// "01 isolation", "02 observability", "03 portability": the seed's numbering.
std::string PhaseLabel(Phase phase);
const std::vector<Phase>& AllPhases();

}  // namespace sandcheck::reports
