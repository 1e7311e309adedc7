// `sandcheck import sbx-kit`'s library: kits read as seed 002 writes them, stacked into a
// deployment the parser accepts, what a deployment cannot say left as comments, bad kits
// reported at file and line; the shipped seed-002 deployments are what the import makes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "clusters/substrate_registry.h"
#include "core/deployment_parser.h"
#include "core/import/sbx_kit_deployment.h"
#include "core/temp_dir.h"
#include "tests/deployment/test_files.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pair;

const std::filesystem::path kKits = kSourceDir / "fixtures" / "kits";
const std::filesystem::path kDeployments = kSourceDir / "fixtures" / "deployments";

std::vector<SbxKit> Kits(const std::vector<std::filesystem::path>& dirs) {
  std::vector<SbxKit> kits;
  for (const auto& dir : dirs) {
    auto kit = ReadSbxKit(dir);
    EXPECT_TRUE(kit.ok()) << kit.message();
    if (kit.ok()) kits.push_back(*kit);
  }
  return kits;
}

std::vector<std::filesystem::path> Stacked() {
  return {kKits / "sandcheck-claude-safe", kKits / "sandcheck-docker-review"};
}

TEST(SbxKit, ReadsTheAgentKitAsTheSeedWritesIt) {
  ASSERT_OK_AND_ASSIGN(SbxKit kit, ReadSbxKit(kKits / "sandcheck-claude-safe"));
  EXPECT_EQ(kit.kind, "agent");
  EXPECT_EQ(kit.persistence, "persistent");
  EXPECT_THAT(kit.entrypoint, ElementsAre("claude"));
  EXPECT_THAT(kit.allowed_domains, ElementsAre("allowed.example.test:443"));
  EXPECT_THAT(kit.service_domains, ElementsAre(Pair("api.anthropic.com", "anthropic")));
  ASSERT_EQ(kit.service_auth.size(), 1u);
  EXPECT_EQ(kit.service_auth[0].header_name, "x-api-key");
  ASSERT_EQ(kit.credential_sources.size(), 1u);
  EXPECT_THAT(kit.credential_sources[0].env, ElementsAre("ANTHROPIC_API_KEY"));
  EXPECT_THAT(kit.unexpressed,
              ElementsAre("spec.yaml:6: displayName", "spec.yaml:11: agent.aiFilename"));
}

TEST(SbxKit, ReadsTheFilesTree) {
  ASSERT_OK_AND_ASSIGN(SbxKit kit, ReadSbxKit(kKits / "sandcheck-docker-review"));
  ASSERT_EQ(kit.files.size(), 1u);
  EXPECT_EQ(kit.files[0].relative, "workspace/.claude/skills/docker-review/SKILL.md");
}

TEST(SbxKit, ReportsABadKitAtFileAndLine) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sbx-kit-"));
  std::ofstream(dir.path() / "spec.yaml") << "schemaVersion: \"1\"\nkind: plugin\nname: x\n"
                                             "network:\n  allowedDomains: [\"Example.COM\"]\n";
  auto kit = ReadSbxKit(dir.path());
  ASSERT_FALSE(kit.ok());
  std::string spec = (dir.path() / "spec.yaml").string();
  EXPECT_THAT(kit.message(), HasSubstr(spec + ":2:7: error: kit kind 'plugin' is not known. fix: "
                                              "write 'kind: agent' or 'kind: mixin'"));
  EXPECT_THAT(kit.message(), HasSubstr(spec + ":5:20: error: 'Example.COM' is not a domain"));
}

TEST(SbxKit, ADirectoryWithoutASpecIsNoKit) {
  auto kit = ReadSbxKit(kKits);
  ASSERT_FALSE(kit.ok());
  EXPECT_THAT(kit.message(), HasSubstr("spec.yaml: error: no kit here"));
}

TEST(SbxKitImport, StackedKitsMakeADeploymentTheParserAccepts) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sbx-import-"));
  ASSERT_OK_AND_ASSIGN(std::string text,
                       ImportSbxKits(Kits(Stacked()), {.name = "stacked", .base_dir = dir.path()}));
  std::ofstream(dir.path() / "stacked.yaml") << text;
  ASSERT_OK_AND_ASSIGN(Deployment deployment,
                       ParseDeploymentFile(dir.path() / "stacked.yaml", SubstrateTraitsCatalog()));
  EXPECT_EQ(deployment.seed, "002");
  ASSERT_TRUE(deployment.proxies.egress);
  EXPECT_THAT(deployment.proxies.egress->allowlist,
              ElementsAre("allowed.example.test", "api.anthropic.com"));
  ASSERT_TRUE(deployment.proxies.credentials);
  EXPECT_EQ(deployment.proxies.credentials->key_from_env, "ANTHROPIC_API_KEY");
  ASSERT_EQ(deployment.proxies.credentials->inject.size(), 1u);
  EXPECT_EQ(deployment.proxies.credentials->inject[0].host, "api.anthropic.com");
  ASSERT_EQ(deployment.binds.size(), 3u);
  EXPECT_EQ(deployment.binds[0].target, "${host_home}/project");
  EXPECT_EQ(deployment.binds[1].target, "/workspace");
  EXPECT_EQ(deployment.binds[2].target, "/workspace/.claude/skills/docker-review/SKILL.md");
  EXPECT_TRUE(deployment.binds[2].read_only);
  ASSERT_EQ(deployment.volumes.size(), 1u);
  EXPECT_EQ(deployment.volumes[0].target, "/home/agent/.claude");
  EXPECT_THAT(text, HasSubstr("agent.entrypoint.run [claude]"));
  EXPECT_THAT(text, HasSubstr("sandcheck-claude-safe: spec.yaml:11: agent.aiFilename has no "
                              "deployment key"));
}

TEST(SbxKitImport, APortOtherThan443AndAnUnknownHeaderAreComments) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sbx-kit-"));
  std::ofstream(dir.path() / "spec.yaml")
      << "schemaVersion: \"1\"\nkind: mixin\nname: odd\nnetwork:\n"
         "  allowedDomains: [\"allowed.example.test:8443\"]\n"
         "  serviceDomains: {git.example.test: git}\n"
         "  serviceAuth: {git: {headerName: X-Token, valueFormat: \"token %s\"}}\n"
         "credentials: {sources: {git: {env: [GH_TOKEN]}}}\n";
  ASSERT_OK_AND_ASSIGN(std::string text, ImportSbxKits(Kits({dir.path()}), {}));
  EXPECT_THAT(text, HasSubstr("allowedDomains 'allowed.example.test:8443': the proxy opens "
                              "tunnels to port 443 only"));
  EXPECT_THAT(text, HasSubstr("serviceAuth 'git' is not injected: header 'X-Token: token %s'"));
  EXPECT_THAT(text, Not(HasSubstr("credentials:")));
}

TEST(SbxKitImport, FilesUnderHomeLandInTheAgentsHomeAndOthersAreComments) {
  ASSERT_OK_AND_ASSIGN(TempDir dir, TempDir::Create("sbx-kit-"));
  std::ofstream(dir.path() / "spec.yaml") << "schemaVersion: \"1\"\nkind: mixin\nname: memory\n";
  std::filesystem::create_directories(dir.path() / "files" / "home" / ".claude");
  std::filesystem::create_directories(dir.path() / "files" / "etc");
  std::ofstream(dir.path() / "files" / "home" / ".claude" / "CLAUDE.md") << "# memory\n";
  std::ofstream(dir.path() / "files" / "etc" / "motd") << "hi\n";
  ASSERT_OK_AND_ASSIGN(std::string text,
                       ImportSbxKits(Kits({dir.path()}), {.name = "", .base_dir = dir.path()}));
  EXPECT_THAT(text, HasSubstr("{source: files/home/.claude/CLAUDE.md, target: "
                              "/home/agent/.claude/CLAUDE.md, read_only: true}"));
  EXPECT_THAT(text, HasSubstr("memory: files/etc/motd is not injected: only files/home and "
                              "files/workspace have a place here"));
}

TEST(SbxKitImport, TwoAgentKitsAreRefused) {
  auto kits = Kits({kKits / "sandcheck-claude-safe", kKits / "sandcheck-claude-safe"});
  auto text = ImportSbxKits(kits, {});
  ASSERT_FALSE(text.ok());
  EXPECT_THAT(text.message(), HasSubstr("a second agent kit"));
}

// The shipped seed-002 kit deployments are exactly what the import makes of the shipped kits.
TEST(SbxKitImport, TheShippedDeploymentsAreWhatTheImportMakes) {
  struct Case {
    std::filesystem::path file;
    std::vector<std::filesystem::path> kits;
    std::string runtime;
  };
  std::vector<Case> cases = {
      {kDeployments / "seed-002-sbx-kits.yaml", Stacked(), "runsc"},
      {kDeployments / "negative" / "egress-sbx-kit-allows-everything.yaml",
       {kKits / "sandcheck-claude-safe", kKits / "sandcheck-docker-review",
        kKits / "negative" / "sbx-allow-everything"},
       "runc"},
  };
  for (const Case& shipped : cases) {
    SCOPED_TRACE(shipped.file.string());
    ASSERT_OK_AND_ASSIGN(std::string text, ImportSbxKits(Kits(shipped.kits),
                                                         {.name = shipped.file.stem().string(),
                                                          .runtime = shipped.runtime,
                                                          .base_dir = shipped.file.parent_path()}));
    EXPECT_EQ(ReadText(shipped.file), text)
        << "regenerate: sandcheck import sbx-kit ... --name " << shipped.file.stem().string()
        << " --out " << shipped.file.string();
  }
}

}  // namespace
}  // namespace sandcheck
