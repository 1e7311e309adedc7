#include "reports/json_writer.h"

#include "reports/benchmark_stats.h"
#include "reports/time_format.h"
#include "reports/verdict_counts.h"

namespace sandcheck::reports {
namespace {

nlohmann::json Totals(const VerdictCounts& counts) {
  nlohmann::json totals = {{"total", counts.Total()}};
  for (Verdict verdict : VerdictsWorstFirst()) totals[ToString(verdict)] = counts.Of(verdict);
  return totals;
}

nlohmann::json ResultJson(const RunReport& report, const DeploymentSection& section,
                          const CheckResult& result) {
  const CheckDescription& check = InfoFor(report, result);
  nlohmann::json json = ToJson(result);
  json["family"] = ToString(check.family);
  json["phase"] = ToString(PhaseOf(section.deployment, check));
  json["severity"] = ToString(check.severity);
  return json;
}

nlohmann::json DeploymentJson(const RunReport& report, const DeploymentSection& section) {
  nlohmann::json results = nlohmann::json::array();
  for (const auto& result : section.results) {
    results.push_back(ResultJson(report, section, result));
  }
  return {{"name", section.deployment.name},
          {"description", section.deployment.description},
          {"source_file", section.deployment.source_file.string()},
          {"substrate", section.substrate},
          {"runtime", section.runtime},
          {"runtime_version", section.runtime_version},
          {"totals", Totals(CountVerdicts(section.results))},
          {"results", results}};
}

nlohmann::json ChecksJson(const RunReport& report) {
  nlohmann::json checks = nlohmann::json::object();
  for (const auto& [id, check] : report.checks) {
    checks[id] = {{"must", check.must},
                  {"family", ToString(check.family)},
                  {"phase", ToString(check.phase)},
                  {"severity", ToString(check.severity)},
                  {"rationale", check.rationale},
                  {"remediation", check.remediation}};
  }
  return checks;
}

nlohmann::json BenchmarksJson(const RunReport& report) {
  nlohmann::json benchmarks = nlohmann::json::object();
  for (const auto& [name, samples] : report.benchmarks_ms) {
    nlohmann::json series = {{"samples_ms", samples}, {"count", samples.size()}};
    if (auto summary = Summarize(samples)) {
      series["min_ms"] = summary->min_ms;
      series["p50_ms"] = summary->p50_ms;
      series["p90_ms"] = summary->p90_ms;
      series["p99_ms"] = summary->p99_ms;
      series["max_ms"] = summary->max_ms;
    }
    benchmarks[name] = series;
  }
  return benchmarks;
}

}  // namespace

nlohmann::json ResultsJson(const RunReport& report, int exit_code, const ReportOptions& options) {
  nlohmann::json deployments = nlohmann::json::array();
  for (const auto& section : report.deployments) {
    deployments.push_back(DeploymentJson(report, section));
  }
  nlohmann::json hostname =
      report.host.hostname ? nlohmann::json(*report.host.hostname) : nlohmann::json(nullptr);
  return {{"schema_version", kResultsSchemaVersion},
          {"run",
           {{"id", report.run_id},
            {"started", Rfc3339Utc(report.started)},
            {"finished", Rfc3339Utc(report.finished)},
            {"duration_s", SecondsBetween(report.started, report.finished)},
            {"sandcheck_version", report.sandcheck_version},
            {"exit_code", exit_code},
            {"fail_on_skip", options.fail_on_skip}}},
          {"host",
           {{"kernel_release", report.host.kernel_release},
            {"cpu_count", report.host.cpu_count},
            {"hostname", hostname}}},
          {"tool_versions", report.tool_versions},
          {"totals", Totals(CountVerdicts(report))},
          {"deployments", deployments},
          {"checks", ChecksJson(report)},
          {"benchmarks", BenchmarksJson(report)}};
}

}  // namespace sandcheck::reports
