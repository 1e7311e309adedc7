// Runs hook commands on the host for sandcheck's own tests: installs a deployment's hook
// files the way the substrate does (one directory, by file name) and maps the sandbox hook
// directory onto it, so settings that name /etc/claude-code/hooks/x.sh run the fixture.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/temp_dir.h"
#include "suites/hooks/evaluation.h"

namespace sandcheck::testing_support {

inline constexpr char kSandboxHookDir[] = "/etc/claude-code/hooks";

class HostHookInstall {
 public:
  static Result<HostHookInstall> Create(const std::vector<std::filesystem::path>& hooks);

  const std::filesystem::path& dir() const { return dir_.path(); }
  // Runs `/bin/sh -c <command>` with the sandbox hook directory replaced by dir().
  HookExecutor Executor() const;

 private:
  explicit HostHookInstall(TempDir dir) : dir_(std::move(dir)) {}
  TempDir dir_;
};

// `text` with every occurrence of `from` replaced by `to`.
std::string ReplaceAll(std::string text, std::string_view from, std::string_view to);

// The fixtures directory of the source tree.
std::filesystem::path Fixtures();

}  // namespace sandcheck::testing_support
