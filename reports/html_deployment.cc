// One deployment's part of report.html: what it is, which promises hold per phase and
// family, and every check with its MUST statement, evidence and remediation.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "reports/html_escape.h"
#include "reports/html_sections.h"
#include "reports/verdict_counts.h"

namespace sandcheck::reports::html {
namespace {

std::string Join(const std::vector<std::string>& items, std::string_view empty) {
  if (items.empty()) return std::string(empty);
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + HtmlEscape(item);
  return out;
}

std::string Fact(std::string_view name, const std::string& escaped_value) {
  return fmt::format("<dt>{}</dt><dd>{}</dd>", name, escaped_value);
}

// Environment variable values never appear: they are where credentials live.
std::string EnvNames(const Deployment& deployment) {
  std::vector<std::string> names;
  for (const auto& [name, value] : deployment.env) names.push_back(name);
  return Join(names, "none") +
         (names.empty() ? "" : " <span class=\"severity\">(values not shown)</span>");
}

std::string Facts(const DeploymentSection& section) {
  const Deployment& d = section.deployment;
  std::string out = R"(<dl class="facts">)";
  out += Fact("File", "<code>" + HtmlEscape(d.source_file.string()) + "</code>");
  out += Fact("Substrate", HtmlEscape(section.substrate));
  out += Fact("Runtime", HtmlEscape(section.runtime) + " <code>" +
                             HtmlEscape(section.runtime_version) + "</code>");
  out += Fact("Image", HtmlEscape(d.image.recipe));
  out += Fact("User", fmt::format("uid {} gid {}", d.user.uid, d.user.gid));
  out += Fact("Kernel", HtmlEscape(ToString(d.kernel)));
  out += Fact("Network", HtmlEscape(ToString(d.network)));
  out += Fact("Seccomp", HtmlEscape(ToString(d.seccomp)));
  out += Fact("Root filesystem", d.read_only_root ? "read-only" : "writable");
  out += Fact("No new privileges", d.no_new_privileges ? "yes" : "no");
  out += Fact("Capabilities", Join(d.EffectiveCapabilities(), "none"));
  out += Fact("Environment", EnvNames(d));
  return out + "</dl>";
}

// What a phase x family cell says about its promises.
struct CellCounts {
  int held = 0;        // pass
  int broken = 0;      // fail
  int unverified = 0;  // error or skip: nobody knows
  int not_applicable = 0;
};

std::string Cell(const CellCounts& c) {
  if (c.held + c.broken + c.unverified + c.not_applicable == 0) {
    return R"(<td class="cell-none">—</td>)";
  }
  std::string state = c.broken ? "broken" : c.unverified ? "unverified" : c.held ? "held" : "na";
  std::string label = state == "na" ? "not applicable" : state;
  std::vector<std::string> parts;
  if (c.held) parts.push_back(fmt::format("{} held", c.held));
  if (c.broken) parts.push_back(fmt::format("{} broken", c.broken));
  if (c.unverified) parts.push_back(fmt::format("{} unverified", c.unverified));
  if (c.not_applicable) parts.push_back(fmt::format("{} n/a", c.not_applicable));
  std::string text;
  for (const auto& part : parts) text += (text.empty() ? "" : " · ") + part;
  return fmt::format(R"(<td><div class="cell cell-{}"><span class="state">{}</span>{}</div></td>)",
                     state, label, text);
}

std::string Matrix(const RunReport& report, const DeploymentSection& section, size_t index) {
  std::map<std::pair<Phase, Family>, CellCounts> cells;
  std::set<Family> families;
  for (const auto& result : section.results) {
    const CheckDescription& check = InfoFor(report, result);
    families.insert(check.family);
    CellCounts& cell = cells[{PhaseOf(section.deployment, check), check.family}];
    switch (result.verdict) {
      case Verdict::kPass:
        ++cell.held;
        break;
      case Verdict::kFail:
        ++cell.broken;
        break;
      case Verdict::kError:
      case Verdict::kSkip:
        ++cell.unverified;
        break;
      case Verdict::kNotApplicable:
        ++cell.not_applicable;
        break;
    }
  }
  if (families.empty()) return R"(<p class="empty">No check ran on this deployment.</p>)";
  std::string out = fmt::format(
      R"(<table class="matrix" id="matrix-{}"><caption class="lead">Which invariants hold, per )"
      R"(phase (rows) and check family (columns).</caption><thead><tr><th scope="col">Phase</th>)",
      index);
  for (Family family : families) out += fmt::format(R"(<th scope="col">{}</th>)", ToString(family));
  out += "</tr></thead><tbody>";
  for (Phase phase : AllPhases()) {
    out += fmt::format(R"(<tr><th scope="row">{}</th>)", PhaseLabel(phase));
    for (Family family : families) out += Cell(cells[{phase, family}]);
    out += "</tr>";
  }
  return out + "</tbody></table>";
}

std::string_view FoundLabel(Verdict verdict) {
  switch (verdict) {
    case Verdict::kSkip:
      return "Skipped because";
    case Verdict::kNotApplicable:
      return "Not applicable because";
    case Verdict::kError:
      return "The harness could not decide";
    default:
      return "Found";
  }
}

std::string CheckDetails(const RunReport& report, const DeploymentSection& section, size_t index,
                         const CheckResult& result) {
  const CheckDescription& check = InfoFor(report, result);
  bool problem = result.verdict == Verdict::kFail || result.verdict == Verdict::kError;
  std::string artifacts;
  for (const auto& artifact : result.artifacts) {
    artifacts += "<li><code>" + HtmlEscape(artifact.string()) + "</code></li>";
  }
  if (!artifacts.empty()) artifacts = "<h4>Artifacts</h4><ul>" + artifacts + "</ul>";
  return fmt::format(
      R"(<details class="check verdict-{0}" id="{1}" data-check="{2}"{3}><summary>{4})"
      R"(<code class="check-id">{2}</code><span class="must">{5}</span>)"
      R"(<span class="severity">{6} · {7} · {8}</span></summary><div class="body">)"
      R"(<p class="found"><strong>{9}:</strong> {10}</p><h4>Remediation</h4><p>{11}</p>)"
      R"(<h4>Why it matters</h4><p>{12}</p><h4>Evidence</h4><pre>{13}</pre>{14})"
      R"(<p class="severity">Took {15} ms.</p></div></details>)",
      ToString(result.verdict), CheckAnchor(index, section, result), HtmlEscape(result.id),
      problem ? " open" : "", VerdictBadge(result.verdict), HtmlEscape(check.must),
      ToString(check.severity), ToString(check.family),
      PhaseLabel(PhaseOf(section.deployment, check)), FoundLabel(result.verdict),
      HtmlEscape(result.summary), HtmlEscape(check.remediation), HtmlEscape(check.rationale),
      HtmlEscape(result.evidence.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)),
      artifacts, result.elapsed.count());
}

std::string Checks(const RunReport& report, const DeploymentSection& section, size_t index) {
  std::vector<const CheckResult*> ordered;
  for (const auto& result : section.results) ordered.push_back(&result);
  const auto& order = VerdictsWorstFirst();
  auto rank = [&](const CheckResult* result) {
    return std::pair(std::find(order.begin(), order.end(), result->verdict) - order.begin(),
                     result->id);
  };
  std::stable_sort(ordered.begin(), ordered.end(),
                   [&](auto* a, auto* b) { return rank(a) < rank(b); });
  std::string out;
  for (const CheckResult* result : ordered) out += CheckDetails(report, section, index, *result);
  return out;
}

}  // namespace

std::string DeploymentSectionHtml(const RunReport& report, size_t index) {
  const DeploymentSection& section = report.deployments[index];
  std::string anchor = DeploymentAnchor(index, section);
  VerdictCounts counts = CountVerdicts(section.results);
  std::string tally;
  for (Verdict verdict : VerdictsWorstFirst()) {
    if (counts.Of(verdict) == 0) continue;
    tally += fmt::format(R"(<span class="badge v-{}">{} {}</span>)", ToString(verdict),
                         counts.Of(verdict), VerdictLabel(verdict));
  }
  std::string description =
      section.deployment.description.empty()
          ? ""
          : R"(<p class="lead">)" + HtmlEscape(section.deployment.description) + "</p>";
  return fmt::format(
      R"(<section class="deployment" id="{0}" aria-labelledby="{0}-title">)"
      R"(<h2 id="{0}-title">Deployment <code>{1}</code><span class="tally">{2}</span></h2>{3}{4})"
      R"(<h3>Promises by phase and family</h3>{5}<h3>Checks</h3>{6}</section>)",
      anchor, HtmlEscape(section.deployment.name), tally, description, Facts(section),
      Matrix(report, section, index), Checks(report, section, index));
}

}  // namespace sandcheck::reports::html
