#include "reports/sarif_writer.h"

#include <fmt/format.h>

#include <cctype>
#include <map>

#include "reports/time_format.h"

namespace sandcheck::reports {
namespace {

constexpr char kSarifSchema[] =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

// GitHub code scanning ranks security alerts by this score (critical is above 9.0).
std::string_view SecuritySeverity(Severity severity) {
  switch (severity) {
    case Severity::kCritical:
      return "9.5";
    case Severity::kHigh:
      return "8.0";
    case Severity::kMedium:
      return "5.5";
    case Severity::kLow:
      return "3.0";
  }
  return "5.5";
}

// RFC 3986 path: unreserved characters and '/' stay, everything else is %XX.
std::string PercentEncodePath(const std::string& path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

nlohmann::json ArtifactLocation(const std::filesystem::path& file,
                                const std::filesystem::path& source_root) {
  std::filesystem::path absolute = (source_root / file).lexically_normal();
  std::filesystem::path relative = absolute.lexically_relative(source_root);
  bool inside_root = !relative.empty() && *relative.begin() != "..";
  if (!inside_root) return {{"uri", "file://" + PercentEncodePath(absolute.string())}};
  return {{"uri", PercentEncodePath(relative.generic_string())}, {"uriBaseId", kSarifSourceRoot}};
}

nlohmann::json Rule(const CheckDescription& check) {
  return {{"id", check.id},
          {"shortDescription", {{"text", check.must}}},
          {"fullDescription", {{"text", check.rationale}}},
          {"help",
           {{"text", "Remediation: " + check.remediation},
            {"markdown", "**Remediation:** " + check.remediation}}},
          {"defaultConfiguration", {{"level", SarifLevel(check.severity)}}},
          {"properties",
           {{"tags", {"security", ToString(check.family)}},
            {"security-severity", SecuritySeverity(check.severity)},
            {"precision", "very-high"}}}};
}

nlohmann::json ResultFor(const RunReport& report, const DeploymentSection& section,
                         const CheckResult& result, size_t rule_index,
                         const std::filesystem::path& source_root) {
  const CheckDescription& check = InfoFor(report, result);
  const std::string& deployment = section.deployment.name;
  return {
      {"ruleId", result.id},
      {"ruleIndex", rule_index},
      {"kind", "fail"},
      {"level", SarifLevel(check.severity)},
      {"message",
       {{"text", fmt::format("{} (deployment {}): {}", check.must, deployment, result.summary)}}},
      {"locations",
       {{{"physicalLocation",
          // The finding is about the whole file; line 1 anchors it for viewers that need one.
          {{"artifactLocation", ArtifactLocation(section.deployment.source_file, source_root)},
           {"region", {{"startLine", 1}}}}}}}},
      {"partialFingerprints", {{"sandcheckDeploymentCheck/v1", deployment + "/" + result.id}}},
      {"properties",
       {{"deployment", deployment},
        {"substrate", section.substrate},
        {"runtime", section.runtime},
        {"runtimeVersion", section.runtime_version},
        {"phase", ToString(PhaseOf(section.deployment, check))},
        {"evidence", result.evidence}}}};
}

nlohmann::json Invocation(const RunReport& report, int exit_code) {
  nlohmann::json notifications = nlohmann::json::array();
  for (const auto& section : report.deployments) {
    for (const auto& result : section.results) {
      if (result.verdict != Verdict::kError) continue;
      notifications.push_back(
          {{"level", "error"},
           {"message",
            {{"text", fmt::format("{} could not run on deployment {}: {}", result.id,
                                  section.deployment.name, result.summary)}}},
           {"associatedRule", {{"id", result.id}}}});
    }
  }
  return {{"executionSuccessful", notifications.empty()},
          {"exitCode", exit_code},
          {"startTimeUtc", Rfc3339Utc(report.started)},
          {"endTimeUtc", Rfc3339Utc(report.finished)},
          {"toolExecutionNotifications", notifications}};
}

}  // namespace

std::string_view SarifLevel(Severity severity) {
  switch (severity) {
    case Severity::kCritical:
    case Severity::kHigh:
      return "error";
    case Severity::kMedium:
      return "warning";
    case Severity::kLow:
      return "note";
  }
  return "warning";
}

nlohmann::json SarifLog(const RunReport& report, int exit_code,
                        const std::filesystem::path& source_root) {
  nlohmann::json rules = nlohmann::json::array();
  nlohmann::json results = nlohmann::json::array();
  std::map<std::string, size_t> rule_index;  // rules in order of first failure
  for (const auto& section : report.deployments) {
    for (const auto& result : section.results) {
      if (result.verdict != Verdict::kFail) continue;
      auto [entry, added] = rule_index.emplace(result.id, rules.size());
      if (added) rules.push_back(Rule(InfoFor(report, result)));
      results.push_back(ResultFor(report, section, result, entry->second, source_root));
    }
  }
  std::string root_uri = "file://" + PercentEncodePath(source_root.lexically_normal().string());
  if (!root_uri.ends_with('/')) root_uri += '/';
  nlohmann::json run = {
      {"tool",
       {{"driver",
         {{"name", "sandcheck"}, {"version", report.sandcheck_version}, {"rules", rules}}}}},
      // GitHub reads the part before the last '/' as the category: stable across runs.
      {"automationDetails", {{"id", "sandcheck/" + report.run_id}}},
      {"originalUriBaseIds", {{kSarifSourceRoot, {{"uri", root_uri}}}}},
      {"invocations", {Invocation(report, exit_code)}},
      {"results", results}};
  return {{"$schema", kSarifSchema}, {"version", "2.1.0"}, {"runs", {run}}};
}

}  // namespace sandcheck::reports
