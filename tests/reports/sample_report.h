// A RunReport that exercises every report feature: two deployments, every verdict kind,
// every family, a deployment-level phase assignment, nested evidence, markup and control
// characters in summaries, and benchmark series.
#pragma once

#include <filesystem>

#include "reports/run_report.h"

namespace sandcheck::reports::testing {

// The descriptions of the checks the sample's results refer to.
std::map<std::string, CheckDescription> SampleChecks();

// Deployment files are named under `source_root` (as the CLI would from the repository).
RunReport SampleReport(const std::filesystem::path& source_root);

// Expected tallies of SampleReport, for tests that assert on rendered output.
inline constexpr int kSamplePass = 5;
inline constexpr int kSampleFail = 3;
inline constexpr int kSampleError = 1;
inline constexpr int kSampleSkip = 2;
inline constexpr int kSampleNotApplicable = 2;

}  // namespace sandcheck::reports::testing
