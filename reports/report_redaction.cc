#include "reports/report_redaction.h"

namespace sandcheck::reports {
namespace {

class ReportRedactor {
 public:
  explicit ReportRedactor(const Redactor& redactor) : redactor_(redactor) {}

  std::string operator()(const std::string& text) const { return redactor_.Redact(text); }
  std::filesystem::path operator()(const std::filesystem::path& path) const {
    return redactor_.Redact(path.string());
  }
  std::vector<std::string> operator()(const std::vector<std::string>& texts) const {
    std::vector<std::string> out;
    for (const auto& text : texts) out.push_back((*this)(text));
    return out;
  }
  std::map<std::string, std::string> operator()(
      const std::map<std::string, std::string>& entries) const {
    std::map<std::string, std::string> out;
    for (const auto& [key, value] : entries) out[(*this)(key)] = (*this)(value);
    return out;
  }

  // Every string field of the deployment, whether a writer shows it today or not.
  Deployment operator()(Deployment deployment) const {
    const auto& self = *this;
    deployment.source_file = self(deployment.source_file);
    deployment.name = self(deployment.name);
    deployment.description = self(deployment.description);
    deployment.seed = self(deployment.seed);
    deployment.image.recipe = self(deployment.image.recipe);
    deployment.hostname = self(deployment.hostname);
    deployment.workdir = self(deployment.workdir);
    deployment.command = self(deployment.command);
    deployment.capabilities_add = self(deployment.capabilities_add);
    deployment.capabilities_drop = self(deployment.capabilities_drop);
    deployment.seccomp_profile = self(deployment.seccomp_profile);
    for (auto& mount : deployment.tmpfs) mount.path = self(mount.path);
    for (auto& mount : deployment.binds) {
      mount.source = self(mount.source);
      mount.target = self(mount.target);
    }
    for (auto& volume : deployment.volumes) {
      volume.name = self(volume.name);
      volume.target = self(volume.target);
    }
    deployment.env = self(deployment.env);
    deployment.env_unset_before_exec = self(deployment.env_unset_before_exec);
    if (deployment.claude.managed_settings) {
      deployment.claude.managed_settings = self(*deployment.claude.managed_settings);
    }
    for (auto& hook : deployment.claude.hooks) hook = self(hook);
    return deployment;
  }

  CheckResult operator()(CheckResult result) const {
    result.id = (*this)(result.id);
    result.summary = (*this)(result.summary);
    result.evidence = redactor_.RedactJson(result.evidence);
    for (auto& artifact : result.artifacts) artifact = (*this)(artifact);
    return result;
  }

  CheckDescription operator()(CheckDescription check) const {
    check.id = (*this)(check.id);
    check.must = (*this)(check.must);
    check.rationale = (*this)(check.rationale);
    check.remediation = (*this)(check.remediation);
    check.negative_controls = (*this)(check.negative_controls);
    return check;
  }

 private:
  const Redactor& redactor_;
};

}  // namespace

RunReport RedactReport(const RunReport& report) {
  Redactor redactor(report.secrets);
  ReportRedactor redact(redactor);
  RunReport out;
  out.run_id = redact(report.run_id);
  out.started = report.started;
  out.finished = report.finished;
  out.sandcheck_version = redact(report.sandcheck_version);
  out.host.kernel_release = redact(report.host.kernel_release);
  out.host.cpu_count = report.host.cpu_count;
  if (report.host.hostname) out.host.hostname = redact(*report.host.hostname);
  out.tool_versions = redact(report.tool_versions);
  for (const auto& section : report.deployments) {
    DeploymentSection copy{.deployment = redact(section.deployment),
                           .substrate = redact(section.substrate),
                           .runtime = redact(section.runtime),
                           .runtime_version = redact(section.runtime_version),
                           .results = {}};
    for (const auto& result : section.results) copy.results.push_back(redact(result));
    out.deployments.push_back(std::move(copy));
  }
  for (const auto& [id, check] : report.checks) out.checks[redact(id)] = redact(check);
  for (const auto& [name, samples] : report.benchmarks_ms) {
    out.benchmarks_ms[redact(name)] = samples;
  }
  // The secrets themselves stay behind: nothing downstream needs them.
  return out;
}

}  // namespace sandcheck::reports
