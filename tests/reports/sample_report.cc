#include "tests/reports/sample_report.h"

namespace sandcheck::reports::testing {
namespace {

using std::chrono::milliseconds;

CheckDescription Info(std::string id, std::string must, Family family, Phase phase,
                      Severity severity) {
  return {.id = id,
          .must = std::move(must),
          .family = family,
          .phase = phase,
          .severity = severity,
          .rationale = "Why " + id + " matters to a reviewer.",
          .remediation = "How to fix " + id + ": change the deployment file.",
          .required_capabilities = {},
          .negative_controls = {"negative/" + id + ".yaml"}};
}

CheckResult Result(std::string id, Verdict verdict, std::string summary, nlohmann::json evidence,
                   int elapsed_ms) {
  CheckResult result;
  result.id = std::move(id);
  result.verdict = verdict;
  result.summary = std::move(summary);
  result.evidence = std::move(evidence);
  result.elapsed = milliseconds(elapsed_ms);
  return result;
}

Deployment MakeDeployment(std::string name, RuntimeKind runtime,
                          const std::filesystem::path& file) {
  Deployment deployment;
  deployment.name = std::move(name);
  deployment.description =
      "Claude Code under " + std::string(ToString(runtime)) + ", hardened as the seed describes.";
  deployment.source_file = file;
  deployment.runtime = runtime;
  deployment.image.recipe = "busybox";
  deployment.user = {.uid = 1000, .gid = 1000, .additional_gids = {}};
  deployment.read_only_root = true;
  deployment.capabilities_drop = {"ALL"};
  deployment.no_new_privileges = true;
  deployment.network = NetworkMode::kWorld;
  deployment.env = {{"HOME", "/home/agent"}, {"HTTPS_PROXY", "http://proxy.world:3128"}};
  // Agent checks belong to the portability phase in this deployment.
  deployment.phases = {{.family = Family::kAgent, .phase = Phase::kPortability}};
  return deployment;
}

}  // namespace

std::map<std::string, CheckDescription> SampleChecks() {
  std::vector<CheckDescription> checks = {
      Info("ISO-001", "The agent MUST run as a non-root user", Family::kIsolation,
           Phase::kIsolation, Severity::kCritical),
      Info("ISO-002", "The root filesystem MUST be read-only", Family::kIsolation,
           Phase::kIsolation, Severity::kHigh),
      Info("CRED-001", "No host credential MUST be readable from inside the sandbox",
           Family::kCredentials, Phase::kIsolation, Severity::kCritical),
      Info("PERS-001", "Nothing outside the workspace MUST survive a restart", Family::kPersistence,
           Phase::kIsolation, Severity::kMedium),
      Info("HOOK-001", "Managed settings MUST be neither writable nor replaceable by the agent",
           Family::kHooks, Phase::kIsolation, Severity::kCritical),
      Info("EGR-001", "Egress MUST reach only the allowed host through the proxy", Family::kEgress,
           Phase::kIsolation, Severity::kHigh),
      Info("OBS-001", "Every tool call MUST be logged outside the agent's reach",
           Family::kObservability, Phase::kObservability, Severity::kLow),
      Info("AGT-001", "The agent image MUST start identically under every runtime", Family::kAgent,
           Phase::kIsolation, Severity::kMedium),
  };
  std::map<std::string, CheckDescription> by_id;
  for (auto& check : checks) by_id.emplace(check.id, std::move(check));
  return by_id;
}

RunReport SampleReport(const std::filesystem::path& source_root) {
  RunReport report;
  report.run_id = "r20261122-3f2a";
  report.started = Clock::from_time_t(1795369000);  // 2026-11-22T17:36:40Z
  report.finished = report.started + std::chrono::seconds(94);
  report.sandcheck_version = "0.1.0";
  report.host = {.kernel_release = "6.1.0-28-amd64", .cpu_count = 2, .hostname = "ci-runner-7"};
  report.tool_versions = {{"runc", "1.1.5"}, {"runsc", "release-20240807.0"}};
  report.checks = SampleChecks();

  DeploymentSection runc{
      .deployment = MakeDeployment("reference-runc", RuntimeKind::kRunc,
                                   source_root / "fixtures/deployments/reference-runc.yaml"),
      .substrate = "oci",
      .runtime = "runc",
      .runtime_version = "1.1.5",
      .results = {
          Result("ISO-001", Verdict::kPass, "uid 1000, gid 1000 inside the sandbox",
                 {{"probe", {{"uid", 1000}, {"gid", 1000}}}}, 412),
          Result("ISO-002", Verdict::kPass, "open(O_WRONLY) on / returned EROFS",
                 {{"errno", "EROFS"}}, 88),
          Result("CRED-001", Verdict::kFail,
                 "~/.aws/credentials is readable: <script>alert('x')</script> & more",
                 {{"found", {{{"path", "/home/agent/.aws/credentials"}, {"bytes", 116}}}},
                  {"probe", {{"searched", {"/home", "/root"}}}}},
                 1290),
          Result("PERS-001", Verdict::kSkip, "needs capability 'restart' which runc lacks here",
                 nlohmann::json::object(), 0),
          Result("HOOK-001", Verdict::kError,
                 "runc exec sbx-1: exit 1: container not running\x01\x02",
                 {{"stderr_tail", "container not running"}}, 3021),
          Result("EGR-001", Verdict::kNotApplicable, "network mode none: no egress to test",
                 nlohmann::json::object(), 0),
          Result("OBS-001", Verdict::kFail, "tool calls were logged inside the sandbox only",
                 {{"log_path", "/tmp/audit.log"}, {"writable_by_agent", true}}, 640),
          Result("AGT-001", Verdict::kPass, "entrypoint started in 214 ms", {{"ms", 214}}, 230),
      }};
  DeploymentSection runsc{
      .deployment = MakeDeployment("reference-runsc", RuntimeKind::kRunsc,
                                   source_root / "fixtures/deployments/reference-runsc.yaml"),
      .substrate = "oci",
      .runtime = "runsc",
      .runtime_version = "release-20240807.0",
      .results = {
          Result("ISO-001", Verdict::kPass, "uid 1000", {{"uid", 1000}}, 530),
          Result("ISO-002", Verdict::kFail, "open(O_WRONLY) on / succeeded", {{"errno", nullptr}},
                 101),
          Result("CRED-001", Verdict::kPass, "no credential file found", {{"found", {}}}, 1402),
          Result("PERS-001", Verdict::kSkip, "restart not supported by this substrate",
                 nlohmann::json::object(), 0),
          Result("EGR-001", Verdict::kNotApplicable, "network mode none", nlohmann::json::object(),
                 0),
      }};
  report.deployments = {std::move(runc), std::move(runsc)};
  report.benchmarks_ms = {
      {"startup/runc", {212, 230, 219, 241, 225, 260, 218, 233, 228, 222}},
      {"startup/crun", {140, 151, 148, 139, 162, 155, 144, 149, 150, 171}},
      {"startup/runsc", {512, 540, 533, 601, 528, 566, 519, 547, 538, 720}},
  };
  return report;
}

}  // namespace sandcheck::reports::testing
