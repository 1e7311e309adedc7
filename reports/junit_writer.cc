#include "reports/junit_writer.h"

#include <fmt/format.h>

#include <cctype>
#include <set>

#include "reports/text.h"
#include "reports/time_format.h"
#include "reports/verdict_counts.h"
#include "reports/xml_writer.h"

namespace sandcheck::reports {
namespace {

// Long MUST statements are cut in test names; the full text is in the failure body.
constexpr size_t kTestNameChars = 110;

std::string JunitSafeName(std::string_view name) {
  std::string out;
  for (char c : name) {
    out.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_');
  }
  return out;
}

// Distinct deployment names can reduce to the same safe name ("a b", "a.b"); classname and
// test name pairs must stay unique, so later ones get a suffix.
std::vector<std::string> SuiteNames(const RunReport& report) {
  std::vector<std::string> names;
  std::set<std::string> used;
  for (const auto& section : report.deployments) {
    std::string base = JunitSafeName(section.deployment.name);
    std::string name = base;
    for (int copy = 2; used.contains(name); ++copy) name = fmt::format("{}-{}", base, copy);
    used.insert(name);
    names.push_back(name);
  }
  return names;
}

std::string Seconds(std::chrono::milliseconds elapsed) {
  return fmt::format("{:.3f}", elapsed.count() / 1000.0);
}

std::chrono::milliseconds TotalElapsed(const std::vector<CheckResult>& results) {
  std::chrono::milliseconds total{0};
  for (const auto& result : results) total += result.elapsed;
  return total;
}

std::string PrettyEvidence(const CheckResult& result) {
  return result.evidence.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

// What a reader of a CI test tab needs without opening another report.
std::string FailureBody(const CheckResult& result, const CheckDescription& check, Phase phase) {
  return fmt::format(
      "{} [{} severity, {} family, phase {}]\nMUST: {}\nFound: {}\nRemediation: {}\n"
      "Evidence:\n{}\n",
      result.id, ToString(check.severity), ToString(check.family), PhaseLabel(phase), check.must,
      result.summary, check.remediation, PrettyEvidence(result));
}

void WriteProperty(XmlWriter& xml, std::string_view name, std::string_view value) {
  xml.StartElement("property");
  xml.Attribute("name", name);
  xml.Attribute("value", value);
  xml.EndElement();
}

void WriteProperties(XmlWriter& xml, const RunReport& report, const DeploymentSection& section) {
  xml.StartElement("properties");
  WriteProperty(xml, "sandcheck.run_id", report.run_id);
  WriteProperty(xml, "sandcheck.version", report.sandcheck_version);
  WriteProperty(xml, "deployment", section.deployment.name);
  WriteProperty(xml, "deployment.file", section.deployment.source_file.string());
  WriteProperty(xml, "substrate", section.substrate);
  WriteProperty(xml, "runtime", section.runtime);
  WriteProperty(xml, "runtime.version", section.runtime_version);
  std::map<std::string, std::string> phase_by_family;
  for (const auto& result : section.results) {
    const CheckDescription& check = InfoFor(report, result);
    phase_by_family[std::string(ToString(check.family))] =
        PhaseLabel(PhaseOf(section.deployment, check));
  }
  for (const auto& [family, phase] : phase_by_family) {
    WriteProperty(xml, "phase." + family, phase);
  }
  for (const auto& [tool, version] : report.tool_versions) {
    WriteProperty(xml, "tool." + tool, version);
  }
  xml.EndElement();
}

void WriteTestcase(XmlWriter& xml, const RunReport& report, const DeploymentSection& section,
                   const std::string& suite_name, const CheckResult& result) {
  const CheckDescription& check = InfoFor(report, result);
  Phase phase = PhaseOf(section.deployment, check);
  xml.StartElement("testcase");
  xml.Attribute("name", Truncate(result.id + " " + check.must, kTestNameChars));
  xml.Attribute("classname", fmt::format("sandcheck.{}.{}", suite_name, ToString(check.family)));
  xml.Attribute("time", Seconds(result.elapsed));
  switch (result.verdict) {
    case Verdict::kPass:
      break;
    case Verdict::kFail:
    case Verdict::kError:
      xml.StartElement(result.verdict == Verdict::kFail ? "failure" : "error");
      xml.Attribute("message", result.summary);
      xml.Attribute("type", ToString(result.verdict));
      xml.Text(FailureBody(result, check, phase));
      xml.EndElement();
      break;
    case Verdict::kSkip:
    case Verdict::kNotApplicable:
      // JUnit has one "skipped"; the message says which of the two it was.
      xml.StartElement("skipped");
      xml.Attribute("message", fmt::format("{}: {}", ToString(result.verdict), result.summary));
      xml.Text(PrettyEvidence(result));
      xml.EndElement();
      break;
  }
  xml.EndElement();
}

// One line per check; a passing check's summary is cut to keep the log about the failures.
std::string SuiteOutput(const DeploymentSection& section, const ReportOptions& options) {
  std::string out;
  for (const auto& result : section.results) {
    std::string summary = result.verdict == Verdict::kPass
                              ? Truncate(result.summary, options.passing_summary_chars)
                              : result.summary;
    out += fmt::format("{} {}: {}\n", result.id, ToString(result.verdict), summary);
  }
  return out;
}

// Errors mean the harness broke, not the sandbox: they go to the suite's stderr too.
std::string SuiteErrors(const DeploymentSection& section) {
  std::string out;
  for (const auto& result : section.results) {
    if (result.verdict == Verdict::kError)
      out += fmt::format("{}: {}\n", result.id, result.summary);
  }
  return out;
}

void WriteTestsuite(XmlWriter& xml, const RunReport& report, const DeploymentSection& section,
                    const std::string& name, int id, const ReportOptions& options) {
  VerdictCounts counts = CountVerdicts(section.results);
  xml.StartElement("testsuite");
  xml.Attribute("name", name);
  xml.Attribute("package", "sandcheck." + name);
  xml.Attribute("id", std::to_string(id));
  xml.Attribute("timestamp", JunitTimestamp(report.started));
  xml.Attribute("hostname", report.host.hostname.value_or("localhost"));
  xml.Attribute("tests", std::to_string(counts.Total()));
  xml.Attribute("failures", std::to_string(counts.Of(Verdict::kFail)));
  xml.Attribute("errors", std::to_string(counts.Of(Verdict::kError)));
  xml.Attribute("skipped",
                std::to_string(counts.Of(Verdict::kSkip) + counts.Of(Verdict::kNotApplicable)));
  xml.Attribute("time", Seconds(TotalElapsed(section.results)));
  WriteProperties(xml, report, section);
  for (const auto& result : section.results) WriteTestcase(xml, report, section, name, result);
  xml.StartElement("system-out");
  xml.Text(SuiteOutput(section, options));
  xml.EndElement();
  xml.StartElement("system-err");
  xml.Text(SuiteErrors(section));
  xml.EndElement();
  xml.EndElement();
}

}  // namespace

Result<std::string> JunitXml(const RunReport& report, const ReportOptions& options) {
  ASSIGN_OR_RETURN(XmlWriter xml, XmlWriter::Create());
  xml.StartElement("testsuites");
  std::vector<std::string> names = SuiteNames(report);
  for (size_t id = 0; id < report.deployments.size(); ++id) {
    WriteTestsuite(xml, report, report.deployments[id], names[id], static_cast<int>(id), options);
  }
  xml.EndElement();
  return std::move(xml).Finish();
}

}  // namespace sandcheck::reports
