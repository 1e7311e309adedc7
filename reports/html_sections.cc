#include "reports/html_sections.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "reports/benchmark_stats.h"
#include "reports/html_escape.h"
#include "reports/svg_chart.h"
#include "reports/time_format.h"
#include "reports/verdict_counts.h"

namespace sandcheck::reports::html {
namespace {

std::string_view CountLabel(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass:
      return "passed";
    case Verdict::kFail:
      return "failed";
    case Verdict::kError:
      return "errored";
    case Verdict::kSkip:
      return "skipped";
    case Verdict::kNotApplicable:
      return "not applicable";
  }
  return "?";
}

struct Located {
  size_t index;
  const DeploymentSection* section;
  const CheckResult* result;
};

// Results with one of `verdicts`, worst verdict first, then by severity and check id.
std::vector<Located> Collect(const RunReport& report, const std::set<Verdict>& verdicts) {
  std::vector<Located> found;
  for (size_t i = 0; i < report.deployments.size(); ++i) {
    for (const auto& result : report.deployments[i].results) {
      if (verdicts.contains(result.verdict)) found.push_back({i, &report.deployments[i], &result});
    }
  }
  auto rank = [&](const Located& item) {
    const auto& order = VerdictsWorstFirst();
    auto verdict_rank = std::find(order.begin(), order.end(), item.result->verdict) - order.begin();
    return std::tuple(verdict_rank, InfoFor(report, *item.result).severity, item.result->id,
                      item.index);
  };
  std::stable_sort(found.begin(), found.end(),
                   [&](const Located& a, const Located& b) { return rank(a) < rank(b); });
  return found;
}

std::string ProblemsTable(const RunReport& report, const std::vector<Located>& rows,
                          std::string_view id, std::string_view caption,
                          std::string_view found_heading) {
  std::string out = fmt::format(
      R"(<table id="{}"><caption class="lead">{}</caption><thead><tr>)"
      R"(<th scope="col">Verdict</th><th scope="col">Check</th><th scope="col">Deployment</th>)"
      R"(<th scope="col">Severity</th><th scope="col">{}</th></tr></thead><tbody>)",
      id, caption, found_heading);
  for (const auto& row : rows) {
    const CheckDescription& check = InfoFor(report, *row.result);
    out += fmt::format(
        R"(<tr data-check="{0}"><td>{1}</td><th scope="row"><a href="#{2}"><code>{0}</code></a>)"
        R"(<div>{3}</div></th><td><a href="#{4}">{5}</a></td><td>{6}</td><td>{7}</td></tr>)",
        HtmlEscape(row.result->id), VerdictBadge(row.result->verdict),
        CheckAnchor(row.index, *row.section, *row.result), HtmlEscape(check.must),
        DeploymentAnchor(row.index, *row.section), HtmlEscape(row.section->deployment.name),
        ToString(check.severity), HtmlEscape(row.result->summary));
  }
  return out + "</tbody></table>";
}

std::string FactRow(std::string_view name, const std::string& escaped_value) {
  return fmt::format(R"(<tr><th scope="row">{}</th><td>{}</td></tr>)", name, escaped_value);
}

}  // namespace

std::string DeploymentAnchor(size_t index, const DeploymentSection& section) {
  return fmt::format("deployment-{}-{}", index, HtmlId(section.deployment.name));
}

std::string CheckAnchor(size_t index, const DeploymentSection& section, const CheckResult& result) {
  return fmt::format("{}-{}", DeploymentAnchor(index, section), HtmlId(result.id));
}

std::string_view VerdictLabel(Verdict verdict) {
  return verdict == Verdict::kNotApplicable ? "n/a" : ToString(verdict);
}

std::string VerdictBadge(Verdict verdict) {
  return fmt::format(R"(<span class="badge v-{}">{}</span>)", ToString(verdict),
                     VerdictLabel(verdict));
}

std::string PageHeader(const RunReport& report, int exit_code) {
  VerdictCounts counts = CountVerdicts(report);
  std::string gate;
  if (exit_code != 0) {
    gate = fmt::format(
        R"(<p class="gate gate-fail" id="gate">Gate failed (exit {}): {} failed, {} errored, )"
        R"({} skipped</p>)",
        exit_code, counts.Of(Verdict::kFail), counts.Of(Verdict::kError),
        counts.Of(Verdict::kSkip));
  } else if (counts.Of(Verdict::kSkip) > 0) {
    // A pass with skips must not read as "everything held".
    gate = fmt::format(
        R"(<p class="gate gate-pass" id="gate">Gate passed (exit 0): nothing failed, but {} )"
        R"(skipped check{} proved nothing</p>)",
        counts.Of(Verdict::kSkip), counts.Of(Verdict::kSkip) == 1 ? "" : "s");
  } else {
    gate = R"(<p class="gate gate-pass" id="gate">Gate passed (exit 0): every check held or )"
           R"(did not apply</p>)";
  }
  return fmt::format(
      R"(<header class="page-header"><div class="brand">sandcheck</div>)"
      R"(<h1>Sandbox conformance report</h1>{}<p class="meta">Run <code>{}</code> · )"
      R"(started {} UTC · {} deployment{} · {} check results</p></header>)",
      gate, HtmlEscape(report.run_id), HtmlEscape(JunitTimestamp(report.started)),
      report.deployments.size(), report.deployments.size() == 1 ? "" : "s", counts.Total());
}

std::string TableOfContents(const RunReport& report) {
  std::string out = R"(<nav class="toc" aria-label="Sections"><a href="#verdicts">Verdicts</a>)"
                    R"(<a href="#problems">Problems</a>)";
  if (report.deployments.size() > 1) out += R"(<a href="#comparison">Comparison</a>)";
  for (size_t i = 0; i < report.deployments.size(); ++i) {
    out += fmt::format(R"(<a href="#{}">{}</a>)", DeploymentAnchor(i, report.deployments[i]),
                       HtmlEscape(report.deployments[i].deployment.name));
  }
  if (!report.benchmarks_ms.empty()) out += R"(<a href="#benchmarks">Benchmarks</a>)";
  return out + R"(<a href="#environment">Environment</a></nav>)";
}

std::string VerdictCountsSection(const RunReport& report) {
  VerdictCounts counts = CountVerdicts(report);
  std::string out =
      R"(<section id="verdicts" aria-labelledby="verdicts-title">)"
      R"(<h2 id="verdicts-title">Verdicts</h2><ul class="counts" id="verdict-counts">)";
  for (Verdict verdict : VerdictsWorstFirst()) {
    out += fmt::format(R"(<li class="count v-{0}" data-verdict="{0}"><span class="n">{1}</span>)"
                       R"(<span class="label">{2}</span></li>)",
                       ToString(verdict), counts.Of(verdict), CountLabel(verdict));
  }
  out += fmt::format(R"(<li class="count total" data-verdict="total"><span class="n">{}</span>)"
                     R"(<span class="label">total</span></li></ul></section>)",
                     counts.Total());
  return out;
}

std::string ProblemsSection(const RunReport& report) {
  std::string out = R"(<section id="problems" aria-labelledby="problems-title">)"
                    R"(<h2 id="problems-title">Failures and errors</h2>)";
  auto broken = Collect(report, {Verdict::kFail, Verdict::kError});
  if (broken.empty()) {
    out += R"(<p class="empty" id="no-failures">No check failed or errored.</p>)";
  } else {
    out += ProblemsTable(report, broken, "failures",
                         "A failure is a broken promise of the deployment; an error means the "
                         "harness could not decide.",
                         "What was found");
  }
  auto unverified = Collect(report, {Verdict::kSkip});
  if (!unverified.empty()) {
    out += "<h3>Not verified</h3>";
    out += ProblemsTable(report, unverified, "skips",
                         "Skipped checks prove nothing either way; each says why it did not run.",
                         "Why it did not run");
  }
  return out + "</section>";
}

std::string ComparisonSection(const RunReport& report) {
  if (report.deployments.size() < 2) return "";
  std::set<std::string> ids;
  for (const auto& section : report.deployments) {
    for (const auto& result : section.results) ids.insert(result.id);
  }
  std::string out =
      R"(<section id="comparison" aria-labelledby="comparison-title">)"
      R"(<h2 id="comparison-title">Deployments side by side</h2><table class="comparison">)"
      R"(<caption class="lead">Each check's verdict per deployment; rows where the deployments )"
      R"(disagree are marked.</caption><thead><tr><th scope="col">Check</th>)";
  for (size_t i = 0; i < report.deployments.size(); ++i) {
    out += fmt::format(R"(<th scope="col"><a href="#{}">{}</a></th>)",
                       DeploymentAnchor(i, report.deployments[i]),
                       HtmlEscape(report.deployments[i].deployment.name));
  }
  out += "</tr></thead><tbody>";
  for (const auto& id : ids) {
    std::string cells;
    std::set<std::string> seen;
    for (size_t i = 0; i < report.deployments.size(); ++i) {
      const auto& results = report.deployments[i].results;
      auto found = std::find_if(results.begin(), results.end(),
                                [&](const CheckResult& result) { return result.id == id; });
      if (found == results.end()) {
        cells += R"(<td class="cell-none">not run</td>)";
        seen.insert("not run");
      } else {
        cells += fmt::format(R"(<td><a href="#{}">{}</a></td>)",
                             CheckAnchor(i, report.deployments[i], *found),
                             VerdictBadge(found->verdict));
        seen.insert(std::string(ToString(found->verdict)));
      }
    }
    std::string differs = seen.size() > 1 ? R"(<span class="differs">differs</span>)" : "";
    out += fmt::format(
        R"(<tr data-check="{0}"><th scope="row"><code>{0}</code>{1}<div class="severity">{2}</div>)"
        R"(</th>{3}</tr>)",
        HtmlEscape(id), differs, HtmlEscape(report.checks.at(id).must), cells);
  }
  return out + "</tbody></table></section>";
}

std::string BenchmarksSection(const RunReport& report) {
  std::string chart = PercentileChartSvg(report.benchmarks_ms);
  if (chart.empty()) return "";
  std::string rows;
  for (const auto& [name, samples] : report.benchmarks_ms) {
    auto summary = Summarize(samples);
    if (!summary) continue;
    rows += fmt::format(
        R"(<tr><th scope="row">{}</th><td>{}</td><td>{:.2f}</td><td>{:.2f}</td><td>{:.2f}</td>)"
        R"(<td>{:.2f}</td><td>{:.2f}</td></tr>)",
        HtmlEscape(name), summary->count, summary->min_ms, summary->p50_ms, summary->p90_ms,
        summary->p99_ms, summary->max_ms);
  }
  return fmt::format(
      R"(<section id="benchmarks" aria-labelledby="benchmarks-title">)"
      R"(<h2 id="benchmarks-title">Benchmarks</h2>{}<table><caption class="lead">)"
      R"(Milliseconds per series.</caption><thead><tr><th scope="col">Series</th>)"
      R"(<th scope="col">Samples</th><th scope="col">Min</th><th scope="col">p50</th>)"
      R"(<th scope="col">p90</th><th scope="col">p99</th><th scope="col">Max</th></tr>)"
      R"(</thead><tbody>{}</tbody></table></section>)",
      chart, rows);
}

std::string EnvironmentSection(const RunReport& report, int exit_code, bool fail_on_skip) {
  std::string rows;
  rows += FactRow("Run id", "<code>" + HtmlEscape(report.run_id) + "</code>");
  rows += FactRow("Started", HtmlEscape(Rfc3339Utc(report.started)));
  rows += FactRow("Finished", HtmlEscape(Rfc3339Utc(report.finished)));
  rows +=
      FactRow("Duration", fmt::format("{:.1f} s", SecondsBetween(report.started, report.finished)));
  rows += FactRow("sandcheck", HtmlEscape(report.sandcheck_version));
  rows += FactRow("Exit code",
                  fmt::format("{} (fail on skip: {})", exit_code, fail_on_skip ? "yes" : "no"));
  rows += FactRow("Kernel", HtmlEscape(report.host.kernel_release));
  rows += FactRow("CPUs", std::to_string(report.host.cpu_count));
  rows +=
      FactRow("Host name", report.host.hostname ? HtmlEscape(*report.host.hostname) : "withheld");
  for (const auto& [tool, version] : report.tool_versions) {
    rows += FactRow(HtmlEscape(tool), "<code>" + HtmlEscape(version) + "</code>");
  }
  return fmt::format(
      R"(<section id="environment" aria-labelledby="environment-title">)"
      R"(<h2 id="environment-title">Environment</h2><table class="environment"><tbody>{})"
      R"(</tbody></table></section>)",
      rows);
}

}  // namespace sandcheck::reports::html
