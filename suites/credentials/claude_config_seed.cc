#include "suites/credentials/claude_config_seed.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "suites/credentials/agent_home.h"
#include "suites/credentials/host_canaries.h"
#include "suites/credentials/host_claude_config.h"

namespace sandcheck {
namespace {

bool Within(const std::filesystem::path& path, const std::filesystem::path& root) {
  auto relative = path.lexically_normal().lexically_relative(root.lexically_normal());
  return !relative.empty() && *relative.begin() != "..";
}

}  // namespace

bool TakesFromHostClaude(const Deployment& deployment, const std::filesystem::path& host_claude) {
  for (const BindMount& bind : deployment.binds) {
    if (Within(bind.source, host_claude) || Within(host_claude, bind.source)) return true;
  }
  return false;
}

Judgement JudgeClaudeConfigSeed(const ScanReport& hook_scan,
                                const std::map<std::string, StatFacts>& selected) {
  Judgement judgement;
  for (const ScanHit& hit : hook_scan.hits) {
    judgement.problems.push_back(
        fmt::format("the hook of the host's ~/.claude/settings.json is in the sandbox: {}{}",
                    hit.location, hit.variable ? " (" + *hit.variable + ")" : ""));
  }
  if (!hook_scan.complete) {
    judgement.inconclusive.push_back(fmt::format(
        "the scan for the host's hook stopped early (budget: {})", hook_scan.stopped_by));
  }
  std::vector<std::string> seeded;
  for (const auto& [path, stat] : selected) {
    judgement.evidence["selected"][path] = stat.exists;
    if (stat.exists) {
      seeded.push_back(path);
    } else if (stat.error == "ENOENT" || stat.error == "ENOTDIR") {
      judgement.problems.push_back(
          fmt::format("{} of the host's ~/.claude did not reach the sandbox", path));
    } else {
      judgement.inconclusive.push_back(fmt::format("stat {}: {}", path, stat.error));
    }
  }
  judgement.holds = fmt::format(
      "{} reached the sandbox; the host's settings.json hook is in none of its files or "
      "environments",
      fmt::join(seeded, ", "));
  return judgement;
}

CheckResult HostClaudeConfigSeededSelectively(CheckContext& context) {
  ResultBuilder result(context.check().id);
  auto installed = HostCanaries::InstalledHost();
  if (!installed.ok()) return result.Error(installed.error());
  const FakeHost& host = **installed;
  if (!TakesFromHostClaude(context.deployment(), host.home / ".claude")) {
    return result.NotApplicable("the deployment takes nothing from the host's ~/.claude");
  }
  auto sandbox = context.SharedSandbox();
  if (!sandbox.ok()) return result.Error(sandbox.error());
  NeedleCatalog hook;
  Needle& needle = hook.needles.emplace_back();
  needle.value = host.claude_hook_marker;
  needle.origin = "host settings.json hook";
  auto scanned = context.Probe(ScanProbeOptions(hook, (*sandbox)->CredentialScanRoots()));
  if (!scanned.ok()) return result.Error(scanned.error());
  auto scan = ParseScanSection(**scanned, 1);
  if (!scan.ok()) return result.Error(scan.error());
  auto home = AgentHome(**scanned);
  if (!home.ok()) return result.Error(home.error());
  std::vector<std::string> options = {"--only", "files"};
  for (std::string_view path : kClaudeSeedPaths) {
    options.insert(options.end(), {"--exists", fmt::format("{}/.claude/{}", *home, path)});
  }
  auto document = context.Probe(options);
  if (!document.ok()) return result.Error(document.error());
  std::map<std::string, StatFacts> selected;
  for (size_t i = 3; i < options.size(); i += 2) {
    auto stat = FindStat(**document, options[i]);
    if (!stat.ok()) return result.Error(stat.error());
    selected[options[i]] = *stat;
  }
  Judgement judgement = JudgeClaudeConfigSeed(*scan, selected);
  std::string holds = judgement.holds;
  return Conclude(std::move(result), std::move(judgement), "claude_config", std::move(holds));
}

}  // namespace sandcheck
