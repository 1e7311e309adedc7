#include "suites/hooks/hook_checks.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "suites/framework/check_context.h"
#include "suites/hooks/hook_command.h"
#include "suites/hooks/in_sandbox.h"
#include "suites/hooks/protection.h"

namespace sandcheck {
namespace {

CheckResult ManagedSettingsProtected(CheckContext& context) {
  ResultBuilder result(context.check().id);
  auto observed = ObserveManagedSettings(context);
  if (!observed.ok()) return result.Error(observed.error());
  result.evidence()["settings"] = observed->evidence;
  std::vector<std::string> problems;
  if (!observed->settings) problems.push_back(observed->problem);
  auto protection = JudgeProtection(*observed->probe_document, std::string(kManagedSettingsPath),
                                    context.deployment().user.uid);
  if (!protection.ok()) return result.Error(protection.error());
  result.evidence()["protection"] = protection->evidence;
  problems.insert(problems.end(), protection->problems.begin(), protection->problems.end());
  result.evidence()["problems"] = problems;
  if (!problems.empty()) return result.Fail(fmt::format("{}", fmt::join(problems, "; ")));
  return result.Pass(fmt::format(
      "{} is valid JSON, owned by root, and the agent could neither write it nor replace it",
      kManagedSettingsPath));
}

CheckResult HookProgramsProtected(CheckContext& context) {
  ResultBuilder result(context.check().id);
  auto observed = ObserveManagedSettings(context);
  if (!observed.ok()) return result.Error(observed.error());
  if (!observed->settings) return result.Fail(observed->problem);
  auto commands = observed->settings->Commands();
  if (commands.empty()) return result.Fail("the managed settings declare no command hooks");

  std::vector<std::string> problems;
  std::vector<std::string> paths;
  nlohmann::json per_command = nlohmann::json::object();
  for (const auto& command : commands) {
    CommandPaths named = PathsOfCommand(command);
    per_command[command] = {{"paths", named.absolute}, {"problems", named.problems}};
    for (const auto& problem : named.problems) problems.push_back(command + ": " + problem);
    paths.insert(paths.end(), named.absolute.begin(), named.absolute.end());
  }
  auto document = context.Probe(ProtectionProbeOptions(paths));
  if (!document.ok()) return result.Error(document.error());
  nlohmann::json per_path = nlohmann::json::object();
  for (const auto& path : paths) {
    auto protection = JudgeProtection(**document, path, context.deployment().user.uid);
    if (!protection.ok()) return result.Error(protection.error());
    per_path[path] = protection->evidence;
    problems.insert(problems.end(), protection->problems.begin(), protection->problems.end());
  }
  result.evidence()["commands"] = per_command;
  result.evidence()["paths"] = per_path;
  result.evidence()["problems"] = problems;
  if (!problems.empty()) return result.Fail(fmt::format("{}", fmt::join(problems, "; ")));
  return result.Pass(fmt::format(
      "all {} hook commands name root-owned programs the agent can neither write nor replace",
      commands.size()));
}

using Judge = CheckResult (*)(ResultBuilder, const std::vector<RequestEvaluation>&);

// Feeds a corpus to the sandbox's PreToolUse hooks in a sandbox of its own (a broken hook
// might act on what it is fed) and judges the outcome.
CheckResult RunCorpus(CheckContext& context, const char* corpus_file, Judge judge) {
  ResultBuilder result(context.check().id);
  auto corpus = LoadCorpus(context.fixtures_dir() / corpus_file);
  if (!corpus.ok()) return result.Error(corpus.error());
  auto observed = ObserveManagedSettings(context);
  if (!observed.ok()) return result.Error(observed.error());
  if (!observed->settings) {
    return result.Fail(observed->problem + ", so no hook stops any request");
  }
  auto sandbox = context.AcquireFresh("hooks-corpus");
  if (!sandbox.ok()) return result.Error(sandbox.error());
  auto evaluations =
      EvaluateCorpus(*observed->settings, *corpus,
                     SandboxHookExecutor(**sandbox, corpus->cwd, context.timeouts().exec));
  nlohmann::json full = nlohmann::json::array();
  for (const auto& evaluation : evaluations) full.push_back(ToJson(evaluation, 64 * 1024));
  if (auto written = context.WriteArtifact("requests.json", full.dump(2)); !written.ok()) {
    return result.Error(written.error());
  }
  return judge(std::move(result), evaluations);
}

CheckResult DangerousRequestsBlocked(CheckContext& context) {
  return RunCorpus(context, kDangerousCorpus, JudgeDangerous);
}

CheckResult BenignRequestsAllowed(CheckContext& context) {
  return RunCorpus(context, kBenignCorpus, JudgeBenign);
}

// With managed settings declared, a corpus runs in a sandbox of its own, started ahead.
bool DeclaresManagedSettings(const Deployment& deployment) {
  return deployment.claude.managed_settings.has_value();
}

}  // namespace

std::vector<CheckInfo> HookChecks() {
  return {
      {{
           .id = "HOOK-001",
           .must = "Managed settings MUST exist at /etc/claude-code/managed-settings.json, parse "
                   "as JSON, be owned by root and be neither writable nor replaceable by the agent",
           .family = Family::kHooks,
           .phase = Phase::kIsolation,
           .severity = Severity::kCritical,
           .rationale =
               "Managed settings hold the deny rules and hooks that --dangerously-skip-permissions "
               "leaves as the only policy. An agent that can edit or replace them, or a file "
               "Claude Code cannot parse, leaves no policy at all.",
           .remediation =
               "Install the file root:root 0444 in a root-owned directory that is not writable "
               "by the agent user (0755), run the agent as a non-root user, and validate the "
               "JSON before building the image.",
           .required_capabilities = {},
           .negative_controls = {"hooks-agent-root.yaml", "hooks-settings-missing.yaml"},
       },
       ManagedSettingsProtected},
      {{
           .id = "HOOK-002",
           .must = "Every program a managed hook command runs MUST be named by absolute path, "
                   "exist, be owned by root and be neither writable nor replaceable by the agent",
           .family = Family::kHooks,
           .phase = Phase::kIsolation,
           .severity = Severity::kCritical,
           .rationale =
               "A hook is only as trustworthy as the script it runs. If the agent can rewrite "
               "the script, or swap it through a writable directory, a variable or PATH, it "
               "can turn the hook into one that allows everything.",
           .remediation =
               "Install hook scripts root:root 0555 under a root-owned directory such as "
               "/etc/claude-code/hooks, and reference them by absolute path in the managed "
               "settings (no $CLAUDE_PROJECT_DIR, no bare program names).",
           .required_capabilities = {},
           .negative_controls = {"hooks-agent-root.yaml", "hooks-script-in-workspace.yaml"},
       },
       HookProgramsProtected},
      {{
           .id = "HOOK-003",
           .must = "PreToolUse hooks MUST block every request of the dangerous corpus (exit 2 or "
                   "a deny decision) when run in the sandbox as the agent",
           .family = Family::kHooks,
           .phase = Phase::kIsolation,
           .severity = Severity::kHigh,
           .rationale =
               "Claude Code blocks a tool call only on exit 2 or a deny decision; exit 1 is a "
               "non-blocking error and the tool runs. A hook whose matcher misses the tool, that "
               "reads the wrong input field or exits 1 looks like a guard and stops nothing.",
           .remediation =
               "Read the command from .tool_input.command (paths from .tool_input.file_path), "
               "exit 2 with the reason on stderr or print a permissionDecision deny, and use a "
               "matcher that covers Bash, Edit, Write and every other tool the policy is about.",
           .required_capabilities = {},
           .negative_controls = {"hooks-deny-exit1.yaml", "hooks-wrong-field.yaml",
                                 "hooks-matcher-bash-only.yaml"},
       },
       DangerousRequestsBlocked,
       DeclaresManagedSettings},
      {{
           .id = "HOOK-004",
           .must = "PreToolUse hooks MUST allow every request of the benign corpus (no false "
                   "positives)",
           .family = Family::kHooks,
           .phase = Phase::kIsolation,
           .severity = Severity::kMedium,
           .rationale =
               "The benign corpus is everyday work: building, testing, editing files in the "
               "project. A hook that blocks it is one operators switch off, and a check that "
               "only counts blocks would pass a hook that blocks everything.",
           .remediation =
               "Match the dangerous patterns precisely (anchored, on the parsed field) instead "
               "of blocking broad substrings, and keep the hook's own tests beside the benign "
               "corpus in fixtures/hooks/corpus/benign.yaml.",
           .required_capabilities = {},
           .negative_controls = {"hooks-block-everything.yaml"},
       },
       BenignRequestsAllowed,
       DeclaresManagedSettings},
  };
}

}  // namespace sandcheck
