#include "suites/credentials/leak_judgements.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace sandcheck {
namespace {

// Evidence names where a needle was found and whose it is, never its value.
nlohmann::json HitEvidence(const NeedleCatalog& catalog, const ScanHit& hit) {
  nlohmann::json evidence = {{"origin", catalog.needles[hit.needle].origin},
                             {"location", hit.location}};
  if (hit.variable) evidence["variable"] = *hit.variable;
  return evidence;
}

std::string DescribeHit(const NeedleCatalog& catalog, const ScanHit& hit) {
  std::string where =
      hit.variable ? fmt::format("{} as {}", hit.location, *hit.variable) : hit.location;
  return fmt::format("{} found in {}", catalog.needles[hit.needle].origin, where);
}

nlohmann::json EnvironmentCoverage(const ScanReport& report) {
  return {{"environ_scanned", report.environ_scanned},
          {"environ_unreadable", report.environ_unreadable},
          {"hits_truncated", report.hits_truncated}};
}

// Without another process's environment the agent's own (PID 1) went unobserved.
void RequireOtherEnvironments(const ScanReport& report, Judgement& judgement) {
  if (report.environ_scanned > 0) return;
  judgement.inconclusive.push_back(fmt::format(
      "the probe could read no other process's environment ({} unreadable), so the agent's "
      "own was not observed",
      report.environ_unreadable));
}

}  // namespace

Judgement JudgeEnvironmentLeaks(const NeedleCatalog& catalog, const ScanReport& report) {
  Judgement judgement;
  judgement.evidence = {{"coverage", EnvironmentCoverage(report)},
                        {"hits", nlohmann::json::array()}};
  for (const ScanHit& hit : report.hits) {
    if (!hit.variable || !catalog.needles[hit.needle].host_canary) continue;
    judgement.evidence["hits"].push_back(HitEvidence(catalog, hit));
    judgement.problems.push_back(DescribeHit(catalog, hit));
  }
  RequireOtherEnvironments(report, judgement);
  return judgement;
}

Judgement JudgeFileLeaks(const NeedleCatalog& catalog, const ScanReport& report,
                         const std::optional<std::string>& kept_credentials_file) {
  Judgement judgement;
  judgement.evidence = {
      {"coverage", report.coverage},
      {"kept_credentials_file",
       kept_credentials_file ? nlohmann::json(*kept_credentials_file) : nlohmann::json(nullptr)},
      {"hits", nlohmann::json::array()},
      {"allowed_hits", nlohmann::json::array()}};
  for (const ScanHit& hit : report.hits) {
    const Needle& needle = catalog.needles[hit.needle];
    if (hit.variable || !needle.host_canary) continue;
    bool kept_on_purpose =
        needle.unset_before_exec && kept_credentials_file && hit.location == *kept_credentials_file;
    judgement.evidence[kept_on_purpose ? "allowed_hits" : "hits"].push_back(
        HitEvidence(catalog, hit));
    if (!kept_on_purpose) judgement.problems.push_back(DescribeHit(catalog, hit));
  }
  if (!report.complete) {
    judgement.inconclusive.push_back(
        fmt::format("the scan stopped early (budget: {}), so some readable files were not searched",
                    report.stopped_by.empty() ? "unknown" : report.stopped_by));
  }
  return judgement;
}

Judgement JudgeHandedOverLeaks(const NeedleCatalog& catalog, const ScanReport& report,
                               const Deployment& deployment) {
  Judgement judgement;
  auto handed_over = HandedOverVariables(catalog);
  nlohmann::json variables = nlohmann::json::object();
  for (const std::string& variable : handed_over) {
    const auto& unset = deployment.env_unset_before_exec;
    variables[variable] = {
        {"unset_before_exec", std::find(unset.begin(), unset.end(), variable) != unset.end()}};
  }
  judgement.evidence = {{"variables", variables},
                        {"coverage", EnvironmentCoverage(report)},
                        {"hits", nlohmann::json::array()}};
  for (const ScanHit& hit : report.hits) {
    const Needle& needle = catalog.needles[hit.needle];
    // A command line is CRED-001's: this promise is the unset, which only environments show.
    if (!hit.variable || needle.handed_over_by.empty() || hit.location.ends_with("/cmdline")) {
      continue;
    }
    judgement.evidence["hits"].push_back(HitEvidence(catalog, hit));
    judgement.problems.push_back(
        fmt::format("{} (handed to the entrypoint by {}{}) found in {} as {}", needle.origin,
                    fmt::join(needle.handed_over_by, ", "),
                    needle.unset_before_exec ? "" : ", which env_unset_before_exec does not list",
                    hit.location, *hit.variable));
  }
  for (const std::string& variable : catalog.too_short) {
    judgement.inconclusive.push_back(
        fmt::format("the value of {} is shorter than {} characters and cannot be searched for",
                    variable, kMinNeedleLength));
  }
  RequireOtherEnvironments(report, judgement);
  return judgement;
}

}  // namespace sandcheck
