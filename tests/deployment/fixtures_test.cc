// Every deployment shipped in fixtures/deployments parses, and the reference reads as intended.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "clusters/substrate_registry.h"
#include "core/deployment_parser.h"
#include "core/deployment_parser_schema.h"
#include "tests/deployment/test_files.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const std::filesystem::path kFixtures = kSourceDir / "fixtures" / "deployments";
const std::filesystem::path kSchemaDoc = kSourceDir / "docs" / "deployment-schema.md";

std::vector<std::filesystem::path> ShippedDeployments(
    const std::filesystem::path& dir = kFixtures) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(ShippedDeployments, EveryFileParsesAndIsNamedAfterItsFile) {
  auto files = ShippedDeployments();
  ASSERT_GE(files.size(), 7u) << "fixtures missing from " << kFixtures;
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    ASSERT_OK_AND_ASSIGN(Deployment deployment,
                         ParseDeploymentFile(file, SubstrateTraitsCatalog()));
    EXPECT_EQ(deployment.name, file.stem().string());
    EXPECT_EQ(deployment.source_file, file);
  }
}

// Negative controls are weak on purpose, but they must still be valid deployments; those that
// bind the Docker engine's socket need one running.
TEST(ShippedDeployments, EveryNegativeControlParses) {
  auto negative = kFixtures / "negative";
  if (!std::filesystem::is_directory(negative)) GTEST_SKIP() << "no " << negative;
  bool engine = std::filesystem::is_socket("/var/run/docker.sock");
  for (const auto& file : ShippedDeployments(negative)) {
    SCOPED_TRACE(file.filename().string());
    if (!engine && ReadText(file).find("source: /var/run/docker.sock") != std::string::npos) {
      continue;
    }
    ASSERT_OK_AND_ASSIGN(Deployment deployment,
                         ParseDeploymentFile(file, SubstrateTraitsCatalog()));
    EXPECT_EQ(deployment.name, file.stem().string());
  }
}

TEST(ShippedDeployments, TheRequiredOnesExist) {
  for (const char* name :
       {"reference-runsc", "reference-runc", "reference-crun", "default", "seed-001-phase01",
        "seed-003-run-claude-gvisor", "seed-004-sandbox-images"}) {
    EXPECT_TRUE(std::filesystem::exists(kFixtures / (std::string(name) + ".yaml"))) << name;
  }
}

TEST(ShippedDeployments, ReferenceRunscIsTheHardenedReference) {
  ASSERT_OK_AND_ASSIGN(Deployment d, ParseDeploymentFile(kFixtures / "reference-runsc.yaml",
                                                         SubstrateTraitsCatalog()));
  EXPECT_EQ(d.runtime, RuntimeKind::kRunsc);
  EXPECT_EQ(d.kernel, KernelMode::kSandbox);
  EXPECT_EQ(d.user.uid, 1000u);
  EXPECT_EQ(d.user.gid, 1000u);
  EXPECT_TRUE(d.read_only_root);
  EXPECT_TRUE(d.no_new_privileges);
  EXPECT_THAT(d.EffectiveCapabilities(), IsEmpty());
  ASSERT_EQ(d.tmpfs.size(), 1u);
  EXPECT_EQ(d.tmpfs[0].path, "/tmp");
  EXPECT_EQ(d.tmpfs[0].size_bytes, 64u << 20);
  EXPECT_EQ(d.tmpfs[0].mode, 01777u);
  EXPECT_TRUE(d.tmpfs[0].noexec);
  EXPECT_EQ(d.limits.memory_bytes, 256u << 20);
  EXPECT_EQ(d.limits.cpus, 1.0);
  EXPECT_EQ(d.limits.pids, 512);  // headroom for the Sentry's host threads
  ASSERT_EQ(d.volumes.size(), 2u);
  EXPECT_EQ(d.volumes[0].target, "/home/agent/.claude");
  EXPECT_EQ(d.volumes[1].target, "/workspace");
  EXPECT_EQ(d.network, NetworkMode::kNone);
  auto hooks_dir = kSourceDir / "fixtures" / "hooks";
  EXPECT_EQ(d.claude.managed_settings, hooks_dir / "managed-settings.json");
  EXPECT_THAT(d.claude.hooks, ElementsAre(hooks_dir / "validate-bash.sh"));
}

TEST(ShippedDeployments, Seed003UnsetsTheTokenItPasses) {
  ASSERT_OK_AND_ASSIGN(
      Deployment d,
      ParseDeploymentFile(kFixtures / "seed-003-run-claude-gvisor.yaml", SubstrateTraitsCatalog()));
  EXPECT_EQ(d.seed, "003");
  EXPECT_EQ(d.runtime, RuntimeKind::kRunsc);
  EXPECT_NE(d.user.uid, 0u);
  EXPECT_THAT(d.env_unset_before_exec, ElementsAre("CLAUDE_CODE_OAUTH_TOKEN"));
  EXPECT_TRUE(d.env.contains("CLAUDE_CODE_OAUTH_TOKEN"));
  ASSERT_EQ(d.binds.size(), 1u);
  EXPECT_EQ(d.binds[0].target, "/workspace");
  EXPECT_TRUE(d.binds[0].source.is_absolute());
}

// The first ```yaml block of the schema document: its complete example.
std::string DocumentedExample() {
  std::string doc = ReadText(kSchemaDoc);
  size_t start = doc.find("```yaml\n");
  if (start == std::string::npos) return "";
  start += 8;
  return doc.substr(start, doc.find("```", start) - start);
}

TEST(SchemaDocument, CompleteExampleParses) {
  std::string example = DocumentedExample();
  ASSERT_FALSE(example.empty()) << kSchemaDoc << " has no ```yaml example";
  ASSERT_OK_AND_ASSIGN(Deployment d, ParseDeploymentText(example, "example.yaml", kFixtures,
                                                         SubstrateTraitsCatalog()));
  EXPECT_EQ(d.name, "reference-runsc");
}

TEST(SchemaDocument, DescribesEveryKeyTheParserAccepts) {
  std::string doc = ReadText(kSchemaDoc);
  for (const Section* section : kAllSections) {
    for (std::string_view key : section->keys) {
      bool described = doc.find(fmt::format("`{}", key)) != std::string::npos ||
                       doc.find(fmt::format(".{}`", key)) != std::string::npos;
      EXPECT_TRUE(described) << "docs/deployment-schema.md does not describe '" << key << "' ("
                             << section->home << ")";
    }
  }
}

}  // namespace
}  // namespace sandcheck
