#include "tests/checks/host_hooks.h"

#include "suites/framework/check_context.h"

namespace sandcheck::testing_support {

Result<HostHookInstall> HostHookInstall::Create(const std::vector<std::filesystem::path>& hooks) {
  ASSIGN_OR_RETURN(TempDir dir, TempDir::Create("sandcheck-hooks-"));
  for (const auto& hook : hooks) {
    std::error_code ec;
    std::filesystem::create_symlink(std::filesystem::absolute(hook), dir.path() / hook.filename(),
                                    ec);
    if (ec) return Fail("install hook {}: {}", hook.string(), ec.message());
  }
  return HostHookInstall(std::move(dir));
}

HookExecutor HostHookInstall::Executor() const {
  return [dir = dir_.path()](const HookHandler& handler, const std::string& stdin_json) {
    ProcessSpec spec;
    spec.argv = {"/bin/sh", "-c", ReplaceAll(handler.command, kSandboxHookDir, dir.string())};
    spec.stdin_data = stdin_json;
    spec.env_overrides = {{"CLAUDE_PROJECT_DIR", "/workspace"}};
    spec.timeout = std::chrono::seconds(10);
    return RunProcess(spec);
  };
}

std::string ReplaceAll(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::filesystem::path Fixtures() { return DefaultFixturesDir(); }

}  // namespace sandcheck::testing_support
