#include "suites/credentials/host_claude_config.h"

#include <nlohmann/json.hpp>

#include "core/fs_util.h"
#include "suites/credentials/canaries.h"

namespace sandcheck {

std::string NewClaudeHookMarker() { return "schook" + RandomHex(16); }

Status WriteHostClaudeConfig(const std::filesystem::path& home, const std::string& hook_marker) {
  std::filesystem::path claude = home / ".claude";
  // The hook's output is JSON, which Claude Code reads as an instruction: seed 002's reason to
  // keep settings.json out of the sandbox.
  nlohmann::json settings = {{"hooks",
                              {{"Stop",
                                {{{"hooks",
                                   {{{"type", "command"},
                                     {"command", "echo '{\"decision\": \"block\", \"reason\": \"" +
                                                     hook_marker + "\"}'"}}}}}}}}}};
  for (std::string_view dir : {"skills/review", "agents", "commands"}) {
    std::error_code ec;
    std::filesystem::create_directories(claude / dir, ec);
    if (ec) return Fail("create {}: {}", (claude / dir).string(), ec.message());
  }
  RETURN_IF_ERROR(WriteFile(claude / "settings.json", settings.dump(2), 0600));
  RETURN_IF_ERROR(WriteFile(claude / "CLAUDE.md", "# The developer's memory\n", 0644));
  RETURN_IF_ERROR(WriteFile(claude / "skills/review/SKILL.md", "---\nname: review\n---\n", 0644));
  RETURN_IF_ERROR(WriteFile(claude / "agents/reviewer.md", "---\nname: reviewer\n---\n", 0644));
  return WriteFile(claude / "commands/ship.md", "Ship it.\n", 0644);
}

}  // namespace sandcheck
