// Canary secrets: fresh random values that stand in for an operator's real credentials. They
// are planted where real ones live on a developer's machine (the environment of the process
// that starts sandboxes, and well-known files in the home directory), so a deployment that
// lets host credentials in leaks a canary the probe can find, never a real token.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"

namespace sandcheck {

enum class CanarySource { kEnvironment, kHomeFile };

struct Canary {
  CanarySource source = CanarySource::kEnvironment;
  std::string where;    // variable name, or path relative to the host home (".ssh/id_ed25519")
  std::string secret;   // the random part, which the probe searches for
  std::string planted;  // the variable's value or the file's content; contains `secret`
};

// "host environment GH_TOKEN", "host file ~/.aws/credentials": for evidence and summaries.
std::string Describe(const Canary& canary);

// `bytes` random bytes from the kernel's generator, as lowercase hex.
std::string RandomHex(size_t bytes);

// A fresh canary for every well-known host credential: variables such as GH_TOKEN,
// ANTHROPIC_API_KEY, AWS_SECRET_ACCESS_KEY and CLAUDE_CREDENTIALS (seed 003's OAuth JSON), and
// files such as ~/.ssh/id_ed25519, ~/.aws/credentials, ~/.config/gh/hosts.yml, ~/.kube/config
// and ~/.claude/.credentials.json, each shaped like the real thing.
std::vector<Canary> GenerateCanaries();

// Who owns the fake host home: the host user the sandbox's agent user mirrors (seed 003 builds
// its image with the host's UID), so a home mounted into the sandbox is readable there.
struct HostUser {
  uint32_t uid = 1000;
  uint32_t gid = 1000;
};

// The part of the host a deployment may refer to (host_references.h).
struct FakeHost {
  std::filesystem::path home;  // a developer's home: the credential files, and project/
  std::filesystem::path tmp;   // the host's /tmp
  // The marker in the hook of the home's ~/.claude/settings.json (host_claude_config.h).
  std::string claude_hook_marker;
};

// The fake host's layout under `root`, with a fresh marker for its Claude hook.
FakeHost FakeHostUnder(const std::filesystem::path& root);

// Creates the fake host: every kHomeFile canary at its path in the home (0600, directories
// 0700), the user's Claude Code config in ~/.claude (host_claude_config.h), an empty project/
// directory (the workspace a deployment may mount) and tmp/ (1777).
Status WriteFakeHost(const FakeHost& host, const std::vector<Canary>& canaries, HostUser owner);

}  // namespace sandcheck
