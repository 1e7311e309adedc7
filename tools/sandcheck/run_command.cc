// `sandcheck run [FILE...]` (none: the default deployment): validate every deployment (nothing
// starts if one is invalid), run the selected checks on each, write the reports and exit with the
// CI gate's code.
#include <fmt/format.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <regex>

#include "clusters/oci/image_spec.h"
#include "reports/build_report.h"
#include "reports/gate.h"
#include "reports/reports.h"
#include "suites/all_checks.h"
#include "suites/framework/run_driver.h"
#include "tools/sandcheck/check_filter_options.h"
#include "tools/sandcheck/command.h"
#include "tools/sandcheck/progress_printer.h"
#include "tools/sandcheck/substrate_options.h"

namespace sandcheck::cli {
namespace {

reports::HostFacts ReadHostFacts() {
  reports::HostFacts host;
  utsname names{};
  if (::uname(&names) == 0) host.kernel_release = names.release;
  host.cpu_count = static_cast<int>(::sysconf(_SC_NPROCESSORS_ONLN));
  return host;
}

// Values of variables whose names say they hold a secret; a deployment under test may pass
// such a value in on purpose (a negative control) and no report may repeat it.
std::vector<std::string> SecretLookingValues(const std::vector<Deployment>& deployments) {
  static const std::regex kSecretName("KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL", std::regex::icase);
  std::vector<std::string> secrets;
  for (const auto& deployment : deployments) {
    for (const auto& [name, value] : deployment.env) {
      if (!value.empty() && std::regex_search(name, kSecretName)) secrets.push_back(value);
    }
  }
  return secrets;
}

// The files named on the command line, or the default deployment when none is.
std::vector<std::string> DeploymentFiles(const po::variables_map& vars) {
  if (vars.count("file")) return vars["file"].as<std::vector<std::string>>();
  std::string file =
      (std::filesystem::path(SANDCHECK_FIXTURES_DIR) / "deployments" / "default.yaml").string();
  fmt::print(stderr, "sandcheck run: no deployment file given: running the default deployment {}\n",
             file);
  return {file};
}

}  // namespace

int RunCommand(const std::vector<std::string>& args) {
  po::options_description options("run options");
  options.add_options()("file", po::value<std::vector<std::string>>(),
                        "deployment file(s); none: the default deployment")(
      "report-dir", po::value<std::string>(),
      "where reports go (default: sandcheck-reports/<run id>)")(
      "fail-on-skip", "also exit 1 when a check was skipped");
  AddCheckFilterOptions(options);
  AddSubstrateOptions(options);
  po::positional_options_description positional;
  positional.add("file", -1);
  int exit_code = kExitOk;
  auto vars = ParseOptions("run", "[FILE...] [--report-dir DIR] [--family F] [--id GLOB]", options,
                           positional, args, exit_code);
  if (!vars) return exit_code;

  // Everything that can be wrong with the input is found before anything starts.
  auto deployments = LoadDeployments(DeploymentFiles(*vars));
  if (!deployments.ok()) {
    fmt::print(stderr, "{}\n", deployments.message());
    return kExitUsage;
  }
  auto substrate_kind = CommonSubstrate(*deployments);
  if (!substrate_kind.ok()) {
    fmt::print(stderr, "sandcheck run: {}\n", substrate_kind.message());
    return kExitUsage;
  }
  auto filter = CheckFilterFromOptions(*vars);
  auto registry = BuildRegistry();
  if (!filter.ok() || !registry.ok()) {
    fmt::print(stderr, "sandcheck run: {}\n", filter.ok() ? registry.message() : filter.message());
    return filter.ok() ? kExitHarness : kExitUsage;
  }
  auto checks = SelectChecks(*registry, *filter);
  if (checks.empty()) {
    fmt::print(stderr, "sandcheck run: no check matches the filter. fix: see `sandcheck list`\n");
    return kExitUsage;
  }

  auto substrate = OpenSubstrate(*vars, *substrate_kind);
  if (!substrate.ok()) {
    fmt::print(stderr, "sandcheck run: {}\n", substrate.message());
    return kExitHarness;
  }
  if (auto resolved = PlantHostAndResolve(*vars, (*substrate)->run_id(), *deployments);
      !resolved.ok()) {
    fmt::print(stderr, "sandcheck run: {}\n", resolved.message());
    return kExitUsage;
  }
  std::string run_id = (*substrate)->run_id().str();
  std::filesystem::path report_dir =
      vars->count("report-dir") ? std::filesystem::path((*vars)["report-dir"].as<std::string>())
                                : std::filesystem::path("sandcheck-reports") / run_id;

  reports::RunReport report;
  report.run_id = run_id;
  report.started = reports::Clock::now();
  report.sandcheck_version = SANDCHECK_VERSION;
  report.host = ReadHostFacts();
  for (const auto& deployment : *deployments) {
    report.tool_versions[std::string(ToString(deployment.runtime))] =
        (*substrate)->Capabilities(deployment.runtime).runtime_version;
  }

  // The agent under test is part of the environment: the claude-code image's pinned version.
  for (const auto& deployment : *deployments) {
    if (deployment.image.recipe != "claude-code") continue;
    auto spec = ReadClaudeCodeImageSpec(DefaultClaudeCodeImageSpec());
    report.tool_versions["claude-code"] = spec.ok() ? spec->version : "unknown: " + spec.message();
    break;
  }

  // Where the substrate ran them: an engine's version, the images its sandboxes ran.
  report.tool_versions.merge((*substrate)->EnvironmentFacts(*deployments));

  RunOptions run_options;
  run_options.artifacts_root = report_dir / "artifacts";
  run_options.timeouts = Timeouts{}.Scaled((*vars)["timeout-scale"].as<double>());
  ProgressPrinter progress;
  auto results = RunDeployments(*deployments, checks, **substrate, run_options, progress);
  report.finished = reports::Clock::now();

  auto sections = reports::GroupByDeployment(*deployments, results, report.tool_versions);
  if (!sections.ok()) {
    fmt::print(stderr, "sandcheck run: {}\n", sections.message());
    return kExitHarness;
  }
  report.deployments = std::move(sections).value();
  for (const CheckInfo* check : checks) report.checks[check->id] = *check;
  report.secrets = SecretLookingValues(*deployments);

  bool fail_on_skip = vars->count("fail-on-skip") > 0;
  reports::ReportOptions report_options;
  report_options.fail_on_skip = fail_on_skip;
  auto written = reports::WriteReports(report, report_dir, report_options);
  if (!written.ok()) {
    fmt::print(stderr, "sandcheck run: {}\n", written.message());
    return kExitHarness;
  }
  int gate = reports::GateExitCode(report, fail_on_skip);
  fmt::print(stderr, "reports written to {} (exit {})\n", report_dir.string(), gate);
  fmt::print("{}\n", std::filesystem::absolute(report_dir).string());
  return gate;
}

}  // namespace sandcheck::cli
