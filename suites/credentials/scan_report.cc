#include "suites/credentials/scan_report.h"

namespace sandcheck {
namespace {

size_t Count(const nlohmann::json& section, const char* key) {
  auto it = section.find(key);
  return it != section.end() && it->is_number_unsigned() ? it->get<size_t>() : 0;
}

bool Flag(const nlohmann::json& section, const char* key) {
  auto it = section.find(key);
  return it != section.end() && it->is_boolean() && it->get<bool>();
}

Result<ScanHit> ParseHit(const nlohmann::json& hit, size_t needle_count) {
  auto needle = hit.find("needle");
  auto location = hit.find("location");
  if (!hit.is_object() || needle == hit.end() || !needle->is_number_unsigned() ||
      location == hit.end() || !location->is_string()) {
    return Fail("probe scan hit is malformed: {}", hit.dump());
  }
  ScanHit parsed{needle->get<size_t>(), location->get<std::string>(), std::nullopt};
  if (parsed.needle >= needle_count) {
    return Fail("probe scan hit names needle {} of {}", parsed.needle, needle_count);
  }
  if (auto variable = hit.find("variable"); variable != hit.end() && variable->is_string()) {
    parsed.variable = variable->get<std::string>();
  }
  return parsed;
}

}  // namespace

std::vector<std::string> ScanProbeOptions(const NeedleCatalog& catalog,
                                          const std::vector<std::string>& roots) {
  // identity too: the checks need the agent's home, and one probe run serves both.
  std::vector<std::string> options = {"--only",           "identity",
                                      "--scan-budget-ms", std::to_string(kScanBudgetMs),
                                      "--scan-max-files", std::to_string(kScanMaxFiles)};
  for (const Needle& needle : catalog.needles)
    options.insert(options.end(), {"--scan-for", needle.value});
  for (const std::string& root : roots) options.insert(options.end(), {"--scan-root", root});
  return options;
}

Result<ScanReport> ParseScanSection(const nlohmann::json& document, size_t needle_count) {
  auto section = document.find("scan");
  if (section == document.end() || !section->is_object()) {
    return Fail("probe document has no \"scan\" section");
  }
  if (section->contains("error")) {
    return Fail("probe section \"scan\" failed: {}", (*section)["error"].dump());
  }
  auto hits = section->find("hits");
  if (hits == section->end() || !hits->is_array()) return Fail("probe scan section has no hits");
  ScanReport report;
  for (const auto& hit : *hits) {
    ASSIGN_OR_RETURN(ScanHit parsed, ParseHit(hit, needle_count));
    report.hits.push_back(std::move(parsed));
  }
  report.complete = Flag(*section, "complete");
  if (auto stopped = section->find("stopped_by");
      stopped != section->end() && stopped->is_string()) {
    report.stopped_by = stopped->get<std::string>();
  }
  report.hits_truncated = Flag(*section, "hits_truncated");
  report.environ_scanned = Count(*section, "environ_scanned");
  report.environ_unreadable = Count(*section, "environ_unreadable");
  report.coverage = *section;
  report.coverage.erase("hits");
  return report;
}

}  // namespace sandcheck
