// The probe's "scan" section (--scan-for, docs/probe.md): where the needles were found, and
// how much of the sandbox the bounded scan covered.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "suites/credentials/needles.h"

namespace sandcheck {

// Generous for a sandbox image; a scan stopped by a budget cannot pass a check.
inline constexpr int kScanBudgetMs = 20000;
inline constexpr int kScanMaxFiles = 200000;

struct ScanHit {
  size_t needle = 0;                    // index into the needles searched for
  std::string location;                 // a file, or /proc/<pid>/environ
  std::optional<std::string> variable;  // the variable's name, for environment hits
};

struct ScanReport {
  std::vector<ScanHit> hits;
  bool complete = false;   // every readable file was read within the budgets
  std::string stopped_by;  // "time" or "files" when not complete
  bool hits_truncated = false;
  size_t environ_scanned = 0;  // other processes whose environment the probe could read
  size_t environ_unreadable = 0;
  nlohmann::json coverage;  // the section's counters, for evidence
};

// Probe options that scan the whole filesystem and every process environment for the needles.
std::vector<std::string> ScanProbeOptions(const NeedleCatalog& catalog,
                                          const std::vector<std::string>& roots = {"/"});

// Fails when the section is missing, failed, or names a needle index it was not given.
Result<ScanReport> ParseScanSection(const nlohmann::json& document, size_t needle_count);

}  // namespace sandcheck
