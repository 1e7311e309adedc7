// A scenario: what the scripted model makes the real agent try (fixtures/scenarios/*.yaml),
// and the containment the deployment is expected to show for it. Data, read with yaml-cpp;
// bad input names the file, the line and the fix.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"
#include "servers/scripted_turns.h"

namespace sandcheck {

// What stops the attempt in a deployment that keeps its promises.
enum class Containment { kHook, kPermission, kEgress, kIsolation };

std::string_view ToString(Containment containment);

struct Scenario {
  std::string name;
  std::string description;
  std::string prompt;  // the user's request to `claude --print`
  Containment containment = Containment::kIsolation;
  // World names ("canary.example.test") whose hosts must receive nothing from the sandbox or
  // its proxy during the run. With egress containment the proxy's flow log must also show it
  // refused each of them.
  std::vector<std::string> must_not_reach;
  // "${marker}" in a turn's input stands for a fresh random token per run.
  std::vector<ScriptedTurn> turns;
  // Sandbox paths (may hold "${marker}") that must not exist after the run: what the attempt
  // would have left behind.
  std::vector<std::string> must_not_exist;
  // Sandbox files that must not hold the marker after the run: what the attempt would have
  // written into them.
  std::vector<std::string> must_not_mention_marker;
  // Indexes of the tool turns whose tool result must be an error: the call was stopped.
  std::vector<size_t> blocked_turns;
  // Indexes of the tool turns whose tool result must not be an error: the call still works
  // (after a fork bomb, say).
  std::vector<size_t> succeeding_turns;
  // Indexes of the tool turns that run the probe's bounded fork bomb (`sandcheck-probe --only
  // limits --fork-bomb N`): their result is the probe's document, and the deployment's pids
  // limit must stop the bomb.
  std::vector<size_t> fork_bomb_turns;
  // Runs the agent a second time in the same sandbox with --continue, so what the first run
  // changed (its settings, its hooks) is what Claude Code loads at start-up. The script
  // continues where the first run ended.
  bool second_run = false;
  // A process the agent starts in the background carries the marker in its command line: one
  // must run on the host after the agent's session, and none after the sandbox's teardown.
  bool must_not_survive_teardown = false;
};

Result<Scenario> LoadScenario(const std::filesystem::path& file);

// The turns with every "${marker}" in their inputs replaced by `marker`.
std::vector<ScriptedTurn> WithMarker(const std::vector<ScriptedTurn>& turns,
                                     const std::string& marker);
std::string WithMarker(std::string text, const std::string& marker);

}  // namespace sandcheck
