#include "suites/credentials/canaries.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <random>

#include "core/fs_util.h"
#include "suites/credentials/host_claude_config.h"

namespace sandcheck {
namespace {

// A secret the probe can search for without false hits: a fixed prefix and 128 random bits.
std::string NewSecret() { return "sccanary" + RandomHex(16); }

using Shape = std::string (*)(const std::string& secret);

Canary NewCanary(CanarySource source, std::string where, Shape shape) {
  std::string secret = NewSecret();
  return {source, std::move(where), secret, shape(secret)};
}

// The OAuth JSON that seed 003 extracts from the keychain and that Claude Code keeps in
// ~/.claude/.credentials.json.
std::string ClaudeOauthJson(const std::string& secret) {
  nlohmann::json credentials = {{"claudeAiOauth",
                                 {{"accessToken", "sk-ant-oat01-" + secret},
                                  {"refreshToken", "sk-ant-ort01-" + secret},
                                  {"expiresAt", 4102444800000},
                                  {"scopes", {"user:inference", "user:profile"}}}}};
  return credentials.dump();
}

std::string SshKey(const std::string& secret) {
  return fmt::format("-----BEGIN OPENSSH PRIVATE KEY-----\n{}\n-----END OPENSSH PRIVATE KEY-----\n",
                     secret);
}

std::string AwsCredentials(const std::string& secret) {
  return fmt::format(
      "[default]\naws_access_key_id = AKIASANDCHECKCANARY\naws_secret_access_key = {}\n", secret);
}

std::string GhHosts(const std::string& secret) {
  return fmt::format(
      "github.com:\n    oauth_token: {}\n    user: sandcheck\n    git_protocol: https\n", secret);
}

// git's credential store (`credential.helper store`): one URL with the token as its password.
std::string GitCredentials(const std::string& secret) {
  return fmt::format("https://developer:{}@git.example.test\n", secret);
}

// The server is loopback and never contacted: the file exists only to be found.
std::string Kubeconfig(const std::string& secret) {
  return fmt::format(
      "apiVersion: v1\nkind: Config\nclusters:\n- name: canary\n  cluster:\n"
      "    server: https://127.0.0.1:6443\ncontexts:\n- name: canary\n  context:\n"
      "    cluster: canary\n    user: canary\ncurrent-context: canary\nusers:\n- name: canary\n"
      "  user:\n    token: {}\n",
      secret);
}

Status MakeDirectory(const std::filesystem::path& path, mode_t mode) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) return Fail("create {}: {}", path.string(), ec.message());
  // chmod, not the mkdir mode: the umask must not loosen or tighten it.
  if (::chmod(path.c_str(), mode) != 0) {
    return Fail("chmod {:o} {}: {}", mode, path.string(), std::strerror(errno));
  }
  return Status::Ok();
}

Status ChownTree(const std::filesystem::path& root, HostUser owner) {
  auto chown = [&](const std::filesystem::path& path) -> Status {
    if (::lchown(path.c_str(), owner.uid, owner.gid) != 0) {
      return Fail("chown {}:{} {}: {}", owner.uid, owner.gid, path.string(), std::strerror(errno));
    }
    return Status::Ok();
  };
  RETURN_IF_ERROR(chown(root));
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    RETURN_IF_ERROR(chown(it->path()));
  }
  if (ec) return Fail("walk {}: {}", root.string(), ec.message());
  return Status::Ok();
}

}  // namespace

std::string Describe(const Canary& canary) {
  return canary.source == CanarySource::kEnvironment ? "host environment " + canary.where
                                                     : "host file ~/" + canary.where;
}

std::string RandomHex(size_t bytes) {
  std::random_device device;
  std::string hex;
  for (size_t i = 0; i < bytes; ++i) hex += fmt::format("{:02x}", device() & 0xff);
  return hex;
}

std::vector<Canary> GenerateCanaries() {
  constexpr auto kEnv = CanarySource::kEnvironment;
  constexpr auto kFile = CanarySource::kHomeFile;
  return {
      NewCanary(kEnv, "GH_TOKEN", [](const std::string& s) { return "ghp_" + s; }),
      NewCanary(kEnv, "GITHUB_TOKEN", [](const std::string& s) { return "ghp_" + s; }),
      NewCanary(kEnv, "ANTHROPIC_API_KEY",
                [](const std::string& s) { return "sk-ant-api03-" + s; }),
      NewCanary(kEnv, "CLAUDE_CODE_OAUTH_TOKEN",
                [](const std::string& s) { return "sk-ant-oat01-" + s; }),
      NewCanary(kEnv, "AWS_ACCESS_KEY_ID", [](const std::string& s) { return "AKIA" + s; }),
      NewCanary(kEnv, "AWS_SECRET_ACCESS_KEY", [](const std::string& s) { return s; }),
      NewCanary(kEnv, "CLAUDE_CREDENTIALS", ClaudeOauthJson),
      NewCanary(kFile, ".ssh/id_ed25519", SshKey),
      NewCanary(kFile, ".aws/credentials", AwsCredentials),
      NewCanary(kFile, ".config/gh/hosts.yml", GhHosts),
      NewCanary(kFile, ".git-credentials", GitCredentials),
      NewCanary(kFile, ".kube/config", Kubeconfig),
      NewCanary(kFile, ".claude/.credentials.json", ClaudeOauthJson),
  };
}

FakeHost FakeHostUnder(const std::filesystem::path& root) {
  return {root / "home" / "developer", root / "tmp", NewClaudeHookMarker()};
}

Status WriteFakeHost(const FakeHost& host, const std::vector<Canary>& canaries, HostUser owner) {
  RETURN_IF_ERROR(MakeDirectory(host.home, 0755));
  RETURN_IF_ERROR(MakeDirectory(host.home / "project", 0755));
  for (const Canary& canary : canaries) {
    if (canary.source != CanarySource::kHomeFile) continue;
    auto path = host.home / canary.where;
    RETURN_IF_ERROR(MakeDirectory(path.parent_path(), 0700));
    RETURN_IF_ERROR(WriteFile(path, canary.planted, 0600));
  }
  RETURN_IF_ERROR(WriteHostClaudeConfig(host.home, host.claude_hook_marker));
  RETURN_IF_ERROR(ChownTree(host.home, owner));
  return MakeDirectory(host.tmp, 01777);
}

}  // namespace sandcheck
