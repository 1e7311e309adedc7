#include "suites/credentials/credential_checks.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

#include "suites/credentials/agent_home.h"
#include "suites/credentials/claude_config_seed.h"
#include "suites/credentials/credential_paths.h"
#include "suites/credentials/host_canaries.h"
#include "suites/credentials/host_references.h"
#include "suites/credentials/leak_judgements.h"
#include "suites/framework/check_context.h"
#include "suites/framework/probe_files.h"

namespace sandcheck {
namespace {

struct CredentialScan {
  NeedleCatalog catalog;
  ScanReport report;
  std::string home;
};

// The canaries, planted now if the runner has not: still before this family's shared sandbox
// starts, which is the one the scan observes.
Result<const HostCanaries*> Canaries() {
  if (const HostCanaries* installed = HostCanaries::Installed()) return installed;
  return HostCanaries::Install(std::filesystem::temp_directory_path());
}

Result<CredentialScan> ScanSandbox(CheckContext& context) {
  const Deployment& deployment = context.deployment();
  if (auto unresolved = UnresolvedHostReferences(deployment); !unresolved.empty()) {
    return Fail(
        "the deployment still holds host references ({}): the runner must resolve them "
        "(ResolveHostReferences) before sandboxes start",
        fmt::join(unresolved, ", "));
  }
  ASSIGN_OR_RETURN(const HostCanaries* canaries, Canaries());
  CredentialScan scan;
  scan.catalog = BuildNeedles(canaries->canaries(), deployment);
  ASSIGN_OR_RETURN(Sandbox * sandbox, context.SharedSandbox());
  ASSIGN_OR_RETURN(const nlohmann::json* document,
                   context.Probe(ScanProbeOptions(scan.catalog, sandbox->CredentialScanRoots())));
  ASSIGN_OR_RETURN(scan.report, ParseScanSection(*document, scan.catalog.needles.size()));
  ASSIGN_OR_RETURN(scan.home, AgentHome(*document));
  return scan;
}

size_t HostCanaryCount(const NeedleCatalog& catalog) {
  return std::count_if(catalog.needles.begin(), catalog.needles.end(),
                       [](const Needle& needle) { return needle.host_canary; });
}

CheckResult NoCanaryInEnvironments(CheckContext& context) {
  ResultBuilder result(context.check().id);
  auto scan = ScanSandbox(context);
  if (!scan.ok()) return result.Error(scan.error());
  return Conclude(std::move(result), JudgeEnvironmentLeaks(scan->catalog, scan->report),
                  "environments",
                  fmt::format("none of {} host canaries is in the probe's environment or in the "
                              "{} other process environments (and command lines) it could read",
                              HostCanaryCount(scan->catalog), scan->report.environ_scanned));
}

CheckResult NoCanaryInFiles(CheckContext& context) {
  ResultBuilder result(context.check().id);
  auto scan = ScanSandbox(context);
  if (!scan.ok()) return result.Error(scan.error());
  std::optional<std::string> kept_file;
  if (context.deployment().claude.oauth_file) kept_file = scan->home + "/.claude/.credentials.json";
  return Conclude(
      std::move(result), JudgeFileLeaks(scan->catalog, scan->report, kept_file), "files",
      fmt::format("none of {} host canaries is in any file the agent can read ({} "
                  "files searched)",
                  HostCanaryCount(scan->catalog), scan->report.coverage.value("files_scanned", 0)));
}

CheckResult NoWellKnownCredentialPaths(CheckContext& context) {
  ResultBuilder result(context.check().id);
  auto identity = context.Probe(IdentityProbeOptions());
  if (!identity.ok()) return result.Error(identity.error());
  auto home = AgentHome(**identity);
  if (!home.ok()) return result.Error(home.error());
  auto paths = WellKnownCredentialPaths(*home, context.deployment().claude.oauth_file);
  std::vector<std::string> options = {"--only", "files"};
  for (const auto& path : paths) options.insert(options.end(), {"--exists", path});
  auto document = context.Probe(options);
  if (!document.ok()) return result.Error(document.error());
  std::map<std::string, StatFacts> facts;
  for (const auto& path : paths) {
    auto stat = FindStat(**document, path);
    if (!stat.ok()) return result.Error(stat.error());
    facts[path] = *stat;
  }
  result.evidence()["home"] = *home;
  result.evidence()["oauth_file"] = context.deployment().claude.oauth_file;
  return Conclude(std::move(result), JudgeCredentialPaths(facts), "paths",
                  fmt::format("none of the {} well-known credential paths exists", paths.size()));
}

CheckResult HandedOverCredentialsUnset(CheckContext& context) {
  ResultBuilder result(context.check().id);
  auto scan = ScanSandbox(context);
  if (!scan.ok()) return result.Error(scan.error());
  auto handed_over = HandedOverVariables(scan->catalog);
  if (handed_over.empty()) {
    return result.NotApplicable(
        "the deployment hands no credential to the sandbox by environment (no host reference "
        "in env, no env_unset_before_exec)");
  }
  return Conclude(std::move(result),
                  JudgeHandedOverLeaks(scan->catalog, scan->report, context.deployment()),
                  "handed_over",
                  fmt::format("{} was unset before exec: its value is in none of the {} process "
                              "environments the probe could read, nor its own",
                              fmt::join(handed_over, ", "), scan->report.environ_scanned));
}

}  // namespace

std::vector<CheckInfo> CredentialChecks() {
  return {
      {{
           .id = "CRED-001",
           .must = "Host credentials (environment variables and home-directory files) MUST NOT "
                   "appear in the environment or the command line of any process in the sandbox",
           .family = Family::kCredentials,
           .phase = Phase::kIsolation,
           .severity = Severity::kCritical,
           .rationale =
               "Every process the agent starts inherits its environment, and any process of the "
               "same user can read /proc/<pid>/environ; /proc/<pid>/cmdline is readable by every "
               "user, so a token an entrypoint passes as an argument after unsetting it (an "
               "MCP server's --api-key) is as exposed. A token passed with `docker run -e` is one "
               "`env` or one crafted API call away from exfiltration.",
           .remediation =
               "Pass no host credential variables into the sandbox. Give the agent a narrow "
               "credential proxy instead (seed 001, phase 02), or hand a credential to the "
               "entrypoint only and unset it before exec (env_unset_before_exec).",
           .required_capabilities = {},
           .negative_controls = {"cred-env-token.yaml", "cred-env-not-unset.yaml",
                                 "cred-token-in-cmdline.yaml", "cred-sbx-key-in-sandbox-env.yaml",
                                 "native-bwrap-env-passed.yaml", "native-bwrap-reaper-environ.yaml",
                                 "native-srt-env-passed.yaml"},
       },
       NoCanaryInEnvironments},
      {{
           .id = "CRED-002",
           .must = "Host credentials MUST NOT appear in any file the agent can read in the "
                   "sandbox, mounted volumes and bind mounts included",
           .family = Family::kCredentials,
           .phase = Phase::kIsolation,
           .severity = Severity::kCritical,
           .rationale =
               "A mounted host home, a copied ~/.aws or a credential written into a volume puts "
               "the operator's secrets where the agent reads files all day; with "
               "--dangerously-skip-permissions nothing asks before it does.",
           .remediation =
               "Mount only the project directory (seed 003), never the host home or any of its "
               "dot-directories, and keep credentials out of images and volumes. A credential "
               "the entrypoint must persist belongs only in ~/.claude/.credentials.json with "
               "claude.oauth_file set.",
           .required_capabilities = {},
           .negative_controls = {"cred-host-home-mounted.yaml", "cred-aws-mounted.yaml",
                                 "cred-git-credentials-mounted.yaml",
                                 "native-bwrap-home-readable.yaml",
                                 "native-srt-home-readable.yaml"},
       },
       NoCanaryInFiles},
      {{
           .id = "CRED-003",
           .must = "Well-known credential paths (~/.ssh, ~/.aws, ~/.config/gh, ~/.kube, git's "
                   "credential store ~/.git-credentials and ~/.config/git/credentials, "
                   "/run/secrets, the Kubernetes service-account token, and "
                   "~/.claude/.credentials.json unless claude.oauth_file) MUST NOT exist in the "
                   "sandbox",
           .family = Family::kCredentials,
           .phase = Phase::kIsolation,
           .severity = Severity::kHigh,
           .rationale =
               "git, gh, aws, kubectl, ssh and Claude Code read these paths without being asked. "
               "Their presence means a credential is one tool invocation away, even when "
               "sandcheck's canaries are not in them (a real cluster's service-account token).",
           .remediation =
               "Do not mount these paths; set automountServiceAccountToken: false on Kubernetes; "
               "move secrets behind a host-side credential proxy (seed 001, phase 02); declare "
               "claude.oauth_file only when the deployment keeps Claude Code's OAuth file on "
               "purpose (seed 003).",
           .required_capabilities = {},
           .negative_controls = {"cred-aws-mounted.yaml", "cred-claude-credentials-file.yaml",
                                 "cred-host-home-mounted.yaml",
                                 "cred-git-credentials-mounted.yaml",
                                 "kind-manifests-sa-token.yaml"},
       },
       NoWellKnownCredentialPaths},
      {{
           .id = "CRED-004",
           .must = "A credential handed to the sandbox's entrypoint by environment MUST be unset "
                   "before the agent is exec'ed: its value MUST NOT be in any process's "
                   "environment",
           .family = Family::kCredentials,
           .phase = Phase::kIsolation,
           .severity = Severity::kCritical,
           .rationale =
               "Seed 003 passes the OAuth credential as CLAUDE_CREDENTIALS, writes it to a file "
               "and unsets it before exec so that it is not in /proc/*/environ. An entrypoint "
               "that forgets the unset, or a runtime that hands the variable to every exec, "
               "leaves the raw token readable by every process of the agent.",
           .remediation =
               "List every such variable in env_unset_before_exec, make the entrypoint `unset` "
               "it and then `exec` the agent, and keep it out of the environment of later "
               "execs into the sandbox.",
           .required_capabilities = {},
           .negative_controls = {"cred-env-not-unset.yaml", "cred-env-token.yaml",
                                 "cred-sbx-key-in-sandbox-env.yaml"},
       },
       HandedOverCredentialsUnset},
      {{
           .id = "CRED-005",
           .must = "Of the host user's ~/.claude, the sandbox MUST get the durable paths it "
                   "selects (CLAUDE.md, skills, agents, commands) and MUST NOT get settings.json "
                   "or any of its hooks",
           .family = Family::kCredentials,
           .phase = Phase::kIsolation,
           .severity = Severity::kHigh,
           .rationale =
               "Seed 002's claude-sbx seeds the sandbox from ~/.claude selectively: hooks in "
               "settings.json run inside the sandbox, their JSON output is read by the agent as "
               "an instruction, and a host Stop hook firing inside can loop it. Copying (or "
               "mounting) all of ~/.claude brings them, and the OAuth file, along.",
           .remediation =
               "Copy or bind only CLAUDE.md, skills, agents and commands from ~/.claude; never "
               "settings.json, the whole ~/.claude or the home that holds it.",
           .required_capabilities = {},
           .negative_controls = {"cred-claude-settings-seeded.yaml",
                                 "cred-claude-credentials-file.yaml",
                                 "cred-host-home-mounted.yaml"},
       },
       HostClaudeConfigSeededSelectively},
  };
}

}  // namespace sandcheck
