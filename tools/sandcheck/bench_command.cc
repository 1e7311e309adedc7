// `sandcheck bench`: runs the startup benchmarks (or reads a Google Benchmark JSON), writes
// the result as Google Benchmark JSON (tools/compare.py reads it), prints the percentiles,
// optionally writes the reports with latency charts, and with --baseline gates on
// regressions: exit 1 when a figure is significantly slower beyond the threshold.
#include <fmt/format.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <regex>

#include "core/fs_util.h"
#include "core/process.h"
#include "reports/bench_baseline.h"
#include "reports/benchmark_stats.h"
#include "reports/reports.h"
#include "tools/sandcheck/command.h"
#include "tools/sandcheck/options.h"

namespace sandcheck::cli {
namespace {

using nlohmann::json;

Result<json> ReadGbenchJson(const std::filesystem::path& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return Fail("{}: not JSON", path.string());
  return doc;
}

// Runs the benchmark binary with JSON output to `out`; its console table goes to stderr.
Result<json> RunBenchmarks(const po::variables_map& vars, const std::filesystem::path& out) {
  ProcessSpec spec;
  spec.argv = {vars["bench-binary"].as<std::string>(), "--benchmark_out=" + out.string(),
               "--benchmark_out_format=json",
               fmt::format("--benchmark_repetitions={}", vars["repetitions"].as<int>()),
               "--benchmark_enable_random_interleaving=true"};
  if (vars.count("filter"))
    spec.argv.push_back("--benchmark_filter=" + vars["filter"].as<std::string>());
  spec.timeout = std::chrono::minutes(vars["timeout-minutes"].as<int>());
  fmt::print(stderr, "sandcheck bench: {}\n", CommandLine(spec.argv));
  ASSIGN_OR_RETURN(ProcessOutcome outcome, RunProcess(spec));
  fmt::print(stderr, "{}", outcome.out);
  if (!outcome.Succeeded()) {
    return Fail("{}: {}: {}", CommandLine(spec.argv), outcome.DescribeEnd(), Tail(outcome.err));
  }
  // Google Benchmark exits 0 and writes nothing when the filter matches no benchmark.
  std::error_code ec;
  if (std::filesystem::file_size(out, ec) == 0 || ec) {
    return Fail("{} wrote no results ({}). fix: pick names from `{} --benchmark_list_tests`",
                spec.argv[0], Tail(outcome.err + outcome.out, 200), spec.argv[0]);
  }
  return ReadGbenchJson(out);
}

// "ready/runc/iterations:1/manual_time" -> "ready/runc", for tables and charts.
std::string ShortName(const std::string& run_name) {
  static const std::regex kSuffixes("(/iterations:[0-9]+|/repeats:[0-9]+|/manual_time|/real_time)");
  return std::regex_replace(run_name, kSuffixes, "");
}

// What the gate compares: each figure's times, or its paired ratios to the bare runtime
// (sandcheck's own overhead, which the machine's load mostly cancels out of).
Result<std::map<std::string, std::vector<double>>> FiguresToCompare(const json& doc,
                                                                    bool by_ratio) {
  ASSIGN_OR_RETURN(auto times, reports::ReadBenchmarkSamples(doc));  // validates the format
  if (!by_ratio) return times;
  return reports::ReadCounterSamples(doc, "ratio_vs_bare");
}

// The figures' percentiles, with the paired ratio to the bare runtime when there is one.
void PrintPercentiles(const json& doc, const std::map<std::string, std::vector<double>>& samples) {
  auto ratios = reports::ReadCounterSamples(doc, "ratio_vs_bare");
  fmt::print("{:<40} {:>5} {:>10} {:>10} {:>10} {:>10} {:>14}\n", "figure (ms)", "n", "p50", "p90",
             "p99", "max", "p50 vs bare");
  for (const auto& [name, values] : samples) {
    auto summary = reports::Summarize(values);
    if (!summary) continue;
    auto ratio = ratios.count(name) ? reports::Summarize(ratios.at(name)) : std::nullopt;
    fmt::print("{:<40} {:>5} {:>10.3f} {:>10.3f} {:>10.3f} {:>10.3f} {:>14}\n", ShortName(name),
               summary->count, summary->p50_ms, summary->p90_ms, summary->p99_ms, summary->max_ms,
               ratio ? fmt::format("{:.3f}x", ratio->p50_ms) : "-");
  }
}

void PrintErrors(const json& doc) {
  for (const auto& run : doc["benchmarks"]) {
    if (run.value("error_occurred", false) && run.value("repetition_index", 0) == 0) {
      fmt::print(stderr, "sandcheck bench: {} did not run: {}\n", run.value("name", "?"),
                 run.value("error_message", ""));
    }
  }
}

Status WriteBenchReports(const json& doc, const std::map<std::string, std::vector<double>>& samples,
                         const std::filesystem::path& dir) {
  reports::RunReport report;
  report.run_id = "bench";
  report.started = report.finished = reports::Clock::now();
  report.sandcheck_version = SANDCHECK_VERSION;
  utsname names{};
  if (::uname(&names) == 0) report.host.kernel_release = names.release;
  report.host.cpu_count = static_cast<int>(::sysconf(_SC_NPROCESSORS_ONLN));
  const json context = doc.value("context", json::object());  // kept alive for the loop
  for (const auto& [key, value] : context.items()) {
    if (key.ends_with("_version") && value.is_string()) report.tool_versions[key] = value;
  }
  for (const auto& [name, values] : samples) report.benchmarks_ms[ShortName(name)] = values;
  // The bare references beside each figure, so the chart shows the ratio at a glance.
  for (const auto& [name, values] : reports::ReadCounterSamples(doc, "bare_ms")) {
    report.benchmarks_ms[ShortName(name) + " (bare)"] = values;
  }
  return reports::WriteReports(report, dir, {});
}

}  // namespace

int BenchCommand(const std::vector<std::string>& args) {
  po::options_description options("bench options");
  options.add_options()("input", po::value<std::string>(),
                        "read this Google Benchmark JSON instead of running the benchmarks")(
      "out", po::value<std::string>(), "write the results here as Google Benchmark JSON")(
      "baseline", po::value<std::string>(),
      "compare with this Google Benchmark JSON; exit 1 on a regression")(
      "threshold", po::value<double>()->default_value(0.10),
      "relative slowdown of the median a regression must exceed (0.10 = 10 %)")(
      "alpha", po::value<double>()->default_value(0.05),
      "significance level of the Mann-Whitney U test")(
      "compare", po::value<std::string>()->default_value("time"),
      "what the gate compares: 'time' (each figure's ms) or 'ratio' (its paired ratio to the "
      "bare runtime, robust to a machine's load; figures without one are left out)")(
      "report-dir", po::value<std::string>(), "also write the reports, with latency charts, here")(
      "filter", po::value<std::string>(), "only benchmarks matching this regex (e.g. 'runc')")(
      "repetitions", po::value<int>()->default_value(15), "samples per figure (at least 9)")(
      "timeout-minutes", po::value<int>()->default_value(60),
      "deadline for the whole benchmark run")(
      "bench-binary", po::value<std::string>()->default_value(SANDCHECK_BENCH_PATH),
      "the benchmark suite to run");
  int exit_code = kExitOk;
  auto vars = ParseOptions("bench", "[--input FILE] [--out FILE] [--baseline FILE] [--threshold X]",
                           options, {}, args, exit_code);
  if (!vars) return exit_code;
  double threshold = (*vars)["threshold"].as<double>();
  double alpha = (*vars)["alpha"].as<double>();
  if (threshold < 0 || alpha <= 0 || alpha >= 1 || (*vars)["repetitions"].as<int>() < 9) {
    fmt::print(stderr,
               "sandcheck bench: need --threshold >= 0, 0 < --alpha < 1, --repetitions >= 9\n");
    return kExitUsage;
  }

  std::string compare = (*vars)["compare"].as<std::string>();
  if (compare != "time" && compare != "ratio") {
    fmt::print(stderr, "sandcheck bench: --compare is 'time' or 'ratio', not '{}'\n", compare);
    return kExitUsage;
  }
  bool by_ratio = compare == "ratio";

  // The baseline is read first: a typo in its path must not cost a whole benchmark run.
  std::optional<std::map<std::string, std::vector<double>>> baseline;
  if (vars->count("baseline")) {
    auto doc = ReadGbenchJson((*vars)["baseline"].as<std::string>());
    auto samples = doc.ok() ? FiguresToCompare(*doc, by_ratio)
                            : Result<std::map<std::string, std::vector<double>>>(doc.error());
    if (!samples.ok()) {
      fmt::print(stderr, "sandcheck bench: baseline: {}\n", samples.message());
      return kExitUsage;
    }
    baseline = std::move(samples).value();
  }

  Result<json> doc = Error{};
  if (vars->count("input")) {
    doc = ReadGbenchJson((*vars)["input"].as<std::string>());
    if (!doc.ok()) {
      fmt::print(stderr, "sandcheck bench: {}\n", doc.message());
      return kExitUsage;
    }
  } else {
    std::filesystem::path out =
        vars->count("out") ? (*vars)["out"].as<std::string>() : std::string("sandcheck-bench.json");
    doc = RunBenchmarks(*vars, out);
    if (!doc.ok()) {
      fmt::print(stderr, "sandcheck bench: {}\n", doc.message());
      return kExitHarness;
    }
  }
  auto samples = reports::ReadBenchmarkSamples(*doc);
  if (!samples.ok()) {
    fmt::print(stderr, "sandcheck bench: {}\n", samples.message());
    return vars->count("input") ? kExitUsage : kExitHarness;
  }
  if (vars->count("input") && vars->count("out")) {
    auto written = WriteFile((*vars)["out"].as<std::string>(), doc->dump(2) + "\n", 0644);
    if (!written.ok()) {
      fmt::print(stderr, "sandcheck bench: {}\n", written.message());
      return kExitHarness;
    }
  }
  PrintErrors(*doc);
  PrintPercentiles(*doc, *samples);
  if (vars->count("report-dir")) {
    auto written = WriteBenchReports(*doc, *samples, (*vars)["report-dir"].as<std::string>());
    if (!written.ok()) {
      fmt::print(stderr, "sandcheck bench: {}\n", written.message());
      return kExitHarness;
    }
  }
  if (!baseline) return kExitOk;

  reports::BaselineGateOptions gate{.alpha = alpha, .threshold = threshold};
  auto current = by_ratio ? FiguresToCompare(*doc, true) : samples;
  auto comparisons = reports::CompareWithBaseline(*baseline, *current, gate);
  fmt::print("\n{}", reports::FormatComparison(comparisons, gate, by_ratio ? "x" : "ms"));
  if (reports::GateFails(comparisons)) {
    fmt::print(stderr, "sandcheck bench: regression against the baseline (exit {})\n",
               static_cast<int>(kExitCheckFailed));
    return kExitCheckFailed;
  }
  return kExitOk;
}

}  // namespace sandcheck::cli
