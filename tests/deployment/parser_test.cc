// ParseDeploymentText/File: defaults, normalisation, path resolution, and robustness. The exact
// wording of rejections is pinned by the bad-file corpus (bad_deployments_test.cc).
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "clusters/substrate_registry.h"
#include "core/deployment_parser.h"
#include "core/temp_dir.h"
#include "tests/deployment/test_files.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;
using ::testing::StartsWith;

const std::filesystem::path kFixtureRoot = kSourceDir / "fixtures";

// The required keys; tests append what they exercise.
constexpr std::string_view kMinimal = R"(sandcheck: 1
name: minimal
substrate: oci
runtime: runc
image: busybox
user: {uid: 1000, gid: 1000}
)";

Result<Deployment> Parse(std::string_view extra) {
  return ParseDeploymentText(std::string(kMinimal) + std::string(extra), "test.yaml",
                             kFixtureRoot / "deployments", SubstrateTraitsCatalog());
}

TEST(ParseDeployment, MinimalFileGetsTheDocumentedDefaults) {
  ASSERT_OK_AND_ASSIGN(Deployment d, Parse(""));
  EXPECT_EQ(d.name, "minimal");
  EXPECT_EQ(d.source_file, "test.yaml");
  EXPECT_EQ(d.substrate, SubstrateKind::kOci);
  EXPECT_EQ(d.runtime, RuntimeKind::kRunc);
  EXPECT_EQ(d.image.recipe, "busybox");
  EXPECT_EQ(d.hostname, "sandbox");
  EXPECT_EQ(d.workdir, "/");
  EXPECT_FALSE(d.read_only_root);
  EXPECT_FALSE(d.no_new_privileges);
  EXPECT_EQ(d.seccomp, SeccompMode::kRuntimeDefault);
  EXPECT_EQ(d.kernel, KernelMode::kHost);
  EXPECT_EQ(d.network, NetworkMode::kNone);
  EXPECT_EQ(d.limits.memory_bytes, std::nullopt);
  EXPECT_EQ(d.limits.cpus, std::nullopt);
  EXPECT_EQ(d.limits.pids, std::nullopt);
  EXPECT_TRUE(d.command.empty());
  EXPECT_TRUE(d.phases.empty());
  EXPECT_FALSE(d.claude.managed_settings.has_value());
  EXPECT_FALSE(d.claude.oauth_file);
}

TEST(ParseDeployment, CapabilityNamesAreNormalised) {
  ASSERT_OK_AND_ASSIGN(Deployment d,
                       Parse("capabilities: {drop: [net_raw, Cap_Chown, all, NET_RAW], "
                             "add: [net_bind_service]}\n"));
  EXPECT_THAT(d.capabilities_drop, ElementsAre("CAP_NET_RAW", "CAP_CHOWN", "ALL"));
  EXPECT_THAT(d.capabilities_add, ElementsAre("CAP_NET_BIND_SERVICE"));
}

TEST(ParseDeployment, AddAllExpandsToEveryCapability) {
  ASSERT_OK_AND_ASSIGN(Deployment d, Parse("capabilities: {add: [all]}\n"));
  EXPECT_EQ(d.capabilities_add, AllCapabilities());
}

TEST(ParseDeployment, RootWithoutNoNewPrivilegesIsAllowed) {
  auto d = ParseDeploymentText(R"(sandcheck: 1
name: root
substrate: oci
runtime: runc
image: busybox
user: {uid: 0, gid: 0}
no_new_privileges: false
)",
                               "root.yaml", kFixtureRoot, SubstrateTraitsCatalog());
  EXPECT_OK(d);
}

TEST(ParseDeployment, DockerTakesPrivilegedAndHostPid) {
  auto d = ParseDeploymentText(R"(sandcheck: 1
name: loose
substrate: docker
runtime: runc
image: busybox
user: {uid: 1000, gid: 1000}
privileged: true
pid_mode: host
)",
                               "loose.yaml", kFixtureRoot, SubstrateTraitsCatalog());
  ASSERT_OK(d);
  EXPECT_TRUE(d->privileged);
  EXPECT_TRUE(d->host_pid);
  ASSERT_OK_AND_ASSIGN(Deployment plain, Parse("pid_mode: private\n"));
  EXPECT_FALSE(plain.privileged);
  EXPECT_FALSE(plain.host_pid);
}

TEST(ParseDeployment, TmpfsDefaultsAndModes) {
  ASSERT_OK_AND_ASSIGN(Deployment d, Parse(R"(tmpfs:
  - {path: /tmp}
  - {path: /run, mode: 755, size: 1K, noexec: true, nosuid: false, nodev: false}
  - {path: /var/tmp, mode: "0o700", size: 2Gi}
  - {path: /scratch/, mode: "01777", size: 3M}
)"));
  ASSERT_EQ(d.tmpfs.size(), 4u);
  EXPECT_EQ(d.tmpfs[0].mode, 01777u);
  EXPECT_EQ(d.tmpfs[0].size_bytes, 0u);
  EXPECT_FALSE(d.tmpfs[0].noexec);
  EXPECT_TRUE(d.tmpfs[0].nosuid);
  EXPECT_TRUE(d.tmpfs[0].nodev);
  EXPECT_EQ(d.tmpfs[1].mode, 0755u);
  EXPECT_EQ(d.tmpfs[1].size_bytes, 1000u);
  EXPECT_TRUE(d.tmpfs[1].noexec);
  EXPECT_FALSE(d.tmpfs[1].nosuid);
  EXPECT_FALSE(d.tmpfs[1].nodev);
  EXPECT_EQ(d.tmpfs[2].mode, 0700u);
  EXPECT_EQ(d.tmpfs[2].size_bytes, uint64_t{2} << 30);
  EXPECT_EQ(d.tmpfs[3].path, "/scratch");
  EXPECT_EQ(d.tmpfs[3].size_bytes, 3000000u);
}

TEST(ParseDeployment, LimitsTakeSizesAndNumbers) {
  ASSERT_OK_AND_ASSIGN(Deployment d, Parse("limits: {memory: 512Mi, cpus: 1.5, pids: 256}\n"));
  EXPECT_THAT(d.limits.memory_bytes, Optional(uint64_t{512} << 20));
  EXPECT_THAT(d.limits.cpus, Optional(1.5));
  EXPECT_THAT(d.limits.pids, Optional(256));
}

TEST(ParseDeployment, HostPathsResolveAgainstTheBaseDirectory) {
  ASSERT_OK_AND_ASSIGN(Deployment d, Parse(R"(binds:
  - {source: ../workspace/, target: /workspace/, read_only: true}
claude:
  managed_settings: ./../hooks/managed-settings.json
  hooks: [../hooks/validate-bash.sh]
seccomp: {profile: ../hooks/managed-settings.json}
)"));
  ASSERT_EQ(d.binds.size(), 1u);
  EXPECT_EQ(d.binds[0].source, kFixtureRoot / "workspace");
  EXPECT_EQ(d.binds[0].target, "/workspace");
  EXPECT_TRUE(d.binds[0].read_only);
  EXPECT_EQ(d.claude.managed_settings, kFixtureRoot / "hooks" / "managed-settings.json");
  EXPECT_THAT(d.claude.hooks, ElementsAre(kFixtureRoot / "hooks" / "validate-bash.sh"));
  EXPECT_EQ(d.seccomp, SeccompMode::kProfile);
  EXPECT_EQ(d.seccomp_profile, kFixtureRoot / "hooks" / "managed-settings.json");
}

TEST(ParseDeployment, HarnessReferencesAreKeptVerbatim) {
  ASSERT_OK_AND_ASSIGN(Deployment d, Parse(R"(binds:
  - {source: "${host_home}/.aws", target: /home/agent/.aws, read_only: true}
  - {source: "${host_tmp}", target: /host-tmp}
volumes:
  - {name: "claude-home-${tenant}", target: /home/agent/.claude}
env: {GH_TOKEN: "${host:GH_TOKEN}"}
)"));
  ASSERT_EQ(d.binds.size(), 2u);
  EXPECT_EQ(d.binds[0].source, "${host_home}/.aws");
  EXPECT_EQ(d.binds[1].source, "${host_tmp}");
  EXPECT_EQ(d.volumes[0].name, "claude-home-${tenant}");
  EXPECT_EQ(d.env.at("GH_TOKEN"), "${host:GH_TOKEN}");
}

// sbx's workspace: bound at the host's own path, which exists only once the run has started.
TEST(ParseDeployment, ABindTargetMayBeAHostPath) {
  ASSERT_OK_AND_ASSIGN(Deployment d, Parse(R"(binds:
  - {source: "${host_home}/project", target: "${host_home}/project"}
)"));
  ASSERT_EQ(d.binds.size(), 1u);
  EXPECT_EQ(d.binds[0].target, "${host_home}/project");
  auto bad = Parse(R"(binds:
  - {source: "${host_home}/project", target: "${host_root}/project"}
)");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(
      bad.message(),
      HasSubstr("bind target '${host_root}/project' starts with an unknown host reference"));
}

TEST(ParseDeployment, HostHostnameIsKeptVerbatim) {
  ASSERT_OK_AND_ASSIGN(Deployment d, Parse("hostname: ${host_hostname}\n"));
  EXPECT_EQ(d.hostname, "${host_hostname}");
  auto other = Parse("hostname: ${host_name}\n");
  ASSERT_FALSE(other.ok());
  EXPECT_THAT(other.message(), HasSubstr("hostname '${host_name}' is not a valid host name"));
}

// A listening unix socket in a temporary directory, as an engine's socket is.
class SocketFile {
 public:
  SocketFile() : dir_(TempDir::Create("sandcheck-parse-").value()), path_(dir_.path() / "e.sock") {
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address = {};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path_.c_str(), sizeof(address.sun_path) - 1);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  }
  ~SocketFile() { ::close(fd_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  TempDir dir_;
  std::filesystem::path path_;
  int fd_;
};

TEST(ParseDeployment, ASocketIsABindSourceAndJoinOwnerGroupAddsItsGroup) {
  SocketFile socket;
  ASSERT_EQ(::chown(socket.path().c_str(), -1, 4242), 0) << std::strerror(errno);
  ASSERT_OK_AND_ASSIGN(Deployment d,
                       Parse(fmt::format("binds:\n"
                                         "  - {{source: {}, target: /var/run/docker.sock, "
                                         "join_owner_group: true}}\n",
                                         socket.path().string())));
  ASSERT_EQ(d.binds.size(), 1u);
  EXPECT_EQ(d.binds[0].source, socket.path());
  EXPECT_THAT(d.binds[0].owner_gid, Optional(4242u));
  EXPECT_THAT(d.user.additional_gids, ElementsAre(4242u));
}

TEST(ParseDeployment, JoinOwnerGroupFalseAddsNothing) {
  ASSERT_OK_AND_ASSIGN(Deployment d, Parse(R"(binds:
  - {source: ../workspace, target: /workspace, join_owner_group: false}
)"));
  EXPECT_EQ(d.binds[0].owner_gid, std::nullopt);
  EXPECT_TRUE(d.user.additional_gids.empty());
}

TEST(ParseDeployment, JoinOwnerGroupNeedsARealSource) {
  auto result = Parse(R"(binds:
  - {source: "${host_home}/.docker", target: /x, join_owner_group: true}
)");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.message(), HasSubstr("join_owner_group needs a bind source on this host, got "
                                          "'${host_home}/.docker'"));
}

TEST(ParseDeployment, EnvironmentKeepsValuesAsWritten) {
  ASSERT_OK_AND_ASSIGN(Deployment d,
                       Parse(R"(env: {PORT: 8080, DEBUG: true, EMPTY: "", URL: "http://x:1/"}
env_unset_before_exec: [PORT, PORT, DEBUG]
)"));
  EXPECT_EQ(d.env.at("PORT"), "8080");
  EXPECT_EQ(d.env.at("DEBUG"), "true");
  EXPECT_EQ(d.env.at("EMPTY"), "");
  EXPECT_EQ(d.env.at("URL"), "http://x:1/");
  EXPECT_THAT(d.env_unset_before_exec, ElementsAre("PORT", "DEBUG"));
}

TEST(ParseDeployment, PhasesKeepFileOrder) {
  ASSERT_OK_AND_ASSIGN(Deployment d, Parse(R"(phases:
  observability: [egress]
  isolation: [isolation, hooks]
  portability: []
)"));
  ASSERT_EQ(d.phases.size(), 3u);
  EXPECT_EQ(d.phases[0].family, Family::kEgress);
  EXPECT_EQ(d.phases[0].phase, Phase::kObservability);
  EXPECT_EQ(d.phases[1].family, Family::kIsolation);
  EXPECT_EQ(d.phases[1].phase, Phase::kIsolation);
  EXPECT_EQ(d.phases[2].family, Family::kHooks);
}

TEST(ParseDeployment, EmptyProxiesAreAccepted) {
  EXPECT_OK(Parse("proxies: {}\n"));
  EXPECT_OK(Parse("proxies:\n"));
}

TEST(ParseDeployment, ProxiesDeclareTheAllowlistFlowLogAndInjection) {
  ASSERT_OK_AND_ASSIGN(Deployment d, ParseDeploymentText(R"(sandcheck: 1
name: a
substrate: oci
runtime: runc
image: busybox
user: {uid: 1, gid: 1}
network: world
proxies:
  egress:
    allowlist: [api.anthropic.com, "*.example.test"]
    flow_log: false
  credentials:
    key_from_env: MY_KEY
    inject:
      - {host: api.anthropic.com, header: x-api-key}
      - {host: git.example.test, header: bearer}
)",
                                                         "test.yaml", kFixtureRoot / "deployments",
                                                         SubstrateTraitsCatalog()));
  ASSERT_TRUE(d.proxies.egress.has_value());
  EXPECT_THAT(d.proxies.egress->allowlist, ElementsAre("api.anthropic.com", "*.example.test"));
  EXPECT_FALSE(d.proxies.egress->flow_log);
  EXPECT_FALSE(d.proxies.egress->expose_admin_port);
  EXPECT_TRUE(d.proxies.egress->install_ca);
  EXPECT_THAT(d.proxies.egress->flaws, ::testing::IsEmpty());
  ASSERT_TRUE(d.proxies.credentials.has_value());
  EXPECT_EQ(d.proxies.credentials->key_from_env, "MY_KEY");
  EXPECT_EQ(d.proxies.credentials->sandbox_env, "");
  ASSERT_EQ(d.proxies.credentials->inject.size(), 2u);
  EXPECT_EQ(d.proxies.credentials->inject[1].header, CredentialHeader::kBearer);
}

TEST(ParseDeployment, ProxyFlawsAreNamedOnesOnly) {
  ASSERT_OK_AND_ASSIGN(
      Deployment d,
      Parse("network: world\nproxies:\n  egress: {allowlist: [a.test], flaws: [substring, "
            "dns-forwarder]}\n"));
  EXPECT_THAT(d.proxies.egress->flaws, ElementsAre("substring", "dns-forwarder"));
  auto unknown = Parse("network: world\nproxies:\n  egress: {allowlist: [a.test], flaws: [x]}\n");
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.message(), HasSubstr("unknown proxy flaw 'x'"));
}

TEST(ParseDeployment, ProxiesNeedTheWorld) {
  auto parsed = Parse("network: none\nproxies:\n  egress: {allowlist: [a.test]}\n");
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(parsed.message(), HasSubstr("proxies need network: world"));
}

TEST(HostPatterns, ExactNamesSuffixWildcardsAndStar) {
  EXPECT_TRUE(HostMatches("api.anthropic.com", "api.anthropic.com"));
  EXPECT_FALSE(HostMatches("api.anthropic.com", "x.api.anthropic.com"));
  EXPECT_FALSE(HostMatches("anthropic.com", "api.anthropic.com"));
  EXPECT_TRUE(HostMatches("*.example.test", "canary.example.test"));
  EXPECT_TRUE(HostMatches("*.example.test", "a.b.example.test"));
  EXPECT_FALSE(HostMatches("*.example.test", "example.test"));
  EXPECT_FALSE(HostMatches("*.example.test", "badexample.test"));
  EXPECT_TRUE(HostMatches("*", "anything.at.all"));
  EXPECT_TRUE(IsHostPattern("*.example.test"));
  EXPECT_FALSE(IsHostPattern("*."));
  EXPECT_FALSE(IsHostPattern("a..b"));
  EXPECT_FALSE(IsHostPattern("Upper.case"));
  EXPECT_FALSE(IsHostPattern("**.x"));
}

TEST(ParseDeployment, SandboxKernelIsAcceptedOnRunscAndKata) {
  EXPECT_OK(ParseDeploymentText(
      "sandcheck: 1\nname: a\nsubstrate: oci\nruntime: runsc\nkernel: sandbox\nimage: busybox\n"
      "user: {uid: 1, gid: 1}\nnetwork: world\n",
      "a.yaml", kFixtureRoot, SubstrateTraitsCatalog()));
  EXPECT_OK(ParseDeploymentText(
      "sandcheck: 1\nname: b\nsubstrate: kind\nruntime: kata\nkernel: sandbox\nimage: busybox\n"
      "user: {uid: 1, gid: 1}\n",
      "b.yaml", kFixtureRoot, SubstrateTraitsCatalog()));
}

TEST(ParseDeployment, ANegativeControlMayPromiseASandboxKernelOnRunc) {
  ASSERT_OK_AND_ASSIGN(Deployment d, Parse("kernel: sandbox\nnegative_control: true\n"));
  EXPECT_EQ(d.kernel, KernelMode::kSandbox);
  EXPECT_TRUE(d.negative_control);
  EXPECT_FALSE(Parse("kernel: sandbox\nnegative_control: false\n").ok());
}

TEST(ParseDeployment, ReportsEveryProblemAtOnceInFileOrder) {
  auto result = ParseDeploymentText("name: x\nruntime: gvisor\nhostname: a_b\nmemory: 1g\n",
                                    "many.yaml", kFixtureRoot, SubstrateTraitsCatalog());
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.message(), StartsWith("many.yaml:1:1: error: missing required key"));
  EXPECT_THAT(result.message(), HasSubstr("many.yaml:2:10: error: unknown runtime 'gvisor'"));
  EXPECT_THAT(result.message(), HasSubstr("many.yaml:3:11: error: hostname 'a_b'"));
  EXPECT_THAT(result.message(), HasSubstr("many.yaml:4:1: error: unknown key 'memory'"));
}

TEST(ParseDeployment, MessagesStayOneLineEachWhateverTheInput) {
  auto result = Parse("description: [\"a\\nb\"]\nhostname: |\n  two\n  lines\n");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.message(), HasSubstr("hostname 'two\\nlines\\n'"));
  EXPECT_EQ(std::count(result.message().begin(), result.message().end(), '\n'), 1);
}

// Found by deployment_parser_fuzz: yaml-cpp's message quoted the raw escaped character.
TEST(ParseDeployment, SyntaxErrorsQuotingControlCharactersStayOneLine) {
  auto result = ParseDeploymentText(
      "x: \"a\\\x01"
      "b\"\n",
      "escape.yaml", kFixtureRoot, SubstrateTraitsCatalog());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.message(),
            "escape.yaml:1:8: error: YAML syntax: unknown escape character: \\x01. fix: inside "
            "double quotes write a backslash as \\\\, or use single quotes");
}

TEST(ParseDeployment, SelfReferencingAliasIsATypeErrorNotAHang) {
  auto result = Parse("command: &loop [*loop]\n");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.message(), HasSubstr("'command[0]' must be a single value, got a list"));
}

TEST(ParseDeployment, CommandWrittenAsOneStringGetsTheArgumentListSuggested) {
  auto plain = Parse("command: claude -p hello\n");
  EXPECT_THAT(plain.message(), HasSubstr("fix: write [claude, -p, hello]"));
  auto shell = Parse("command: echo \"hi\" | tee /tmp/x\n");
  EXPECT_THAT(shell.message(), HasSubstr(R"(fix: write [sh, -c, "echo \"hi\" | tee /tmp/x"])"));
}

// yaml-cpp 0.7 loops forever on a ',' outside [ ] or { } (found by deployment_parser_fuzz).
TEST(ParseDeployment, StrayCommaIsASyntaxErrorNotAHang) {
  auto result = ParseDeploymentText(",tr", "comma.yaml", kFixtureRoot, SubstrateTraitsCatalog());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.message(),
            "comma.yaml:1:1: error: YAML syntax: ',' outside a [list] or {mapping}. fix: remove "
            "the ',', or put the items inside [ ] or { }");
  EXPECT_FALSE(
      ParseDeploymentText("- a\n,\n", "comma.yaml", kFixtureRoot, SubstrateTraitsCatalog()).ok());
}

TEST(ParseDeployment, BinaryGarbageIsRejectedCleanly) {
  std::string garbage("\x00\xff\xfe{[:\x01\"", 9);
  EXPECT_FALSE(
      ParseDeploymentText(garbage, "garbage.yaml", kFixtureRoot, SubstrateTraitsCatalog()).ok());
}

TEST(ParseDeploymentFile, SetsTheAbsoluteSourceFile) {
  auto path = kFixtureRoot / "deployments" / "reference-runc.yaml";
  ASSERT_OK_AND_ASSIGN(Deployment d, ParseDeploymentFile(path, SubstrateTraitsCatalog()));
  EXPECT_EQ(d.source_file, path.lexically_normal());
}

TEST(ParseDeploymentFile, ADirectoryIsNotADeployment) {
  auto result = ParseDeploymentFile(kFixtureRoot / "deployments", SubstrateTraitsCatalog());
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.message(), HasSubstr(":1:1: error: this is a directory"));
}

TEST(ParseDeploymentFile, MissingFileSaysSoInTheUsualForm) {
  auto result = ParseDeploymentFile("no/such/deployment.yaml", SubstrateTraitsCatalog());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.message(),
            "no/such/deployment.yaml:1:1: error: cannot read the deployment file: No such file or "
            "directory. fix: check the path; the shipped deployments are in fixtures/deployments/");
}

}  // namespace
}  // namespace sandcheck
