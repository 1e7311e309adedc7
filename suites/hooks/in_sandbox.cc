#include "suites/hooks/in_sandbox.h"

#include <algorithm>

#include "suites/framework/probe_batch.h"
#include "suites/framework/probe_files.h"
#include "suites/hooks/protection.h"

namespace sandcheck {

Result<SettingsObservation> ObserveManagedSettings(CheckContext& context) {
  const std::string path(kManagedSettingsPath);
  auto options = ProtectionProbeOptions({path});
  options.insert(options.end(), {"--read", path});
  SettingsObservation observation;
  ASSIGN_OR_RETURN(observation.probe_document, context.Probe(options));
  ASSIGN_OR_RETURN(StatFacts stat, FindStat(*observation.probe_document, path));
  ASSIGN_OR_RETURN(ReadFacts read, FindRead(*observation.probe_document, path));
  observation.evidence = {{"path", path}, {"read_ok", read.ok}, {"read_error", read.error}};
  if (!stat.exists) {
    observation.problem =
        fmt::format("{} does not exist ({}): no managed policy applies", path, stat.error);
    return observation;
  }
  if (!read.ok) {
    observation.problem = fmt::format(
        "the agent cannot read {} ({}), so Claude Code running as the agent does not load it", path,
        read.error);
    return observation;
  }
  if (read.truncated) {
    return Fail("{} is larger than the probe reads; sandcheck cannot judge it", path);
  }
  if (read.base64) {
    observation.problem = fmt::format("{} is not UTF-8 text, so not JSON", path);
    return observation;
  }
  auto settings = ParseManagedSettings(read.content);
  if (!settings.ok()) {
    observation.problem = fmt::format("{}: {}", path, settings.message());
    return observation;
  }
  observation.settings = std::move(settings).value();
  return observation;
}

HookBatchExecutor SandboxHookExecutor(Sandbox& sandbox, std::string project_dir,
                                      Duration max_timeout) {
  return [&sandbox, project_dir = std::move(project_dir),
          max_timeout](const std::vector<HookInvocation>& invocations) {
    std::vector<BatchCommand> commands;
    for (const auto& [handler, stdin_json] : invocations) {
      Duration timeout = max_timeout;
      if (handler->timeout_seconds) {
        timeout = std::min<Duration>(max_timeout, std::chrono::seconds(*handler->timeout_seconds));
      }
      commands.push_back({{"/bin/sh", "-c", handler->command}, stdin_json, timeout});
    }
    return ExecBatch(sandbox, commands, {{"CLAUDE_PROJECT_DIR", project_dir}}, max_timeout);
  };
}

}  // namespace sandcheck
