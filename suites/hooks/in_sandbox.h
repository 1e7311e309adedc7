// The hooks family's view into a sandbox: the managed settings as the agent sees them
// (through the probe), and an executor that runs hook commands there as the agent.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "clusters/substrate.h"
#include "suites/framework/check_context.h"
#include "suites/hooks/evaluation.h"
#include "suites/hooks/managed_settings.h"

namespace sandcheck {

struct SettingsObservation {
  const nlohmann::json* probe_document = nullptr;  // also observes the file's protection
  std::optional<ManagedSettings> settings;         // set when present, readable and well-formed
  std::string problem;                             // why `settings` is unset
  nlohmann::json evidence;
};

// Fails only when the harness could not observe (no sandbox, the probe broke).
Result<SettingsObservation> ObserveManagedSettings(CheckContext& context);

// Runs `/bin/sh -c <command>` in the sandbox as the deployment's user, as Claude Code runs
// command hooks, with CLAUDE_PROJECT_DIR set and the handler's timeout capped at `max_timeout`:
// every invocation of a batch in one exec of the probe (suites/probe_batch.h).
HookBatchExecutor SandboxHookExecutor(Sandbox& sandbox, std::string project_dir,
                                      Duration max_timeout);

}  // namespace sandcheck
