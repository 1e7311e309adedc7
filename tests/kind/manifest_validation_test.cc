// A deployment's manifests validated by the cluster's API server before anything is applied: a
// bad field is reported at its file and line.
#include "clusters/kubernetes/manifest_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "core/fs_util.h"
#include "core/process.h"
#include "core/temp_dir.h"
#include "tests/kind/kind_test_env.h"
#include "tests/test_util.h"

namespace sandcheck::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// Line numbers below count from the first line of this text.
constexpr const char* kTemplateAndClaim = R"(apiVersion: extensions.agents.x-k8s.io/v1beta1
kind: SandboxTemplate
metadata:
  name: agent
  namespace: tenant-a
spec:
  podTemplate:
    spec:
      containers:
      - name: main
        image: sandcheck.local/node-busybox:1
        command: [sleep, "3600"]
---
apiVersion: extensions.agents.x-k8s.io/v1beta1
kind: SandboxClaim
metadata:
  name: mine
  namespace: tenant-a
spec:
  warmPoolRef:
    name: pool
)";

std::filesystem::path Write(const TempDir& dir, const std::string& name, const std::string& text) {
  std::ofstream(dir.path() / name) << text;
  return dir.path() / name;
}

TEST(ManifestValidation, AFieldIsFoundAtItsLine) {
  EXPECT_EQ(LineOfField(kTemplateAndClaim, "spec.podTemplate.spec.containers[0].image"), 11);
  EXPECT_EQ(LineOfField(kTemplateAndClaim, "metadata.name"), 4);
  // A path that goes further than the document: its deepest existing part.
  EXPECT_EQ(LineOfField(kTemplateAndClaim, "spec.podTemplate.spec.volumes[0].name"), 8);
}

TEST(ManifestValidation, TheApiServerAcceptsGoodManifests) {
  SANDCHECK_KIND_CLUSTER_OR_SKIP(cluster);
  ASSERT_OK_AND_ASSIGN(auto dir, TempDir::Create("sandcheck-manifests-"));
  auto file = Write(dir, "good.yaml", kTemplateAndClaim);
  ASSERT_OK_AND_ASSIGN(auto problems, ValidateManifests(cluster.kubectl, {file}));
  EXPECT_THAT(problems, IsEmpty()) << problems.front().Describe();
}

TEST(ManifestValidation, AnUnknownFieldIsNamedAtItsFileAndLine) {
  SANDCHECK_KIND_CLUSTER_OR_SKIP(cluster);
  ASSERT_OK_AND_ASSIGN(auto dir, TempDir::Create("sandcheck-manifests-"));
  std::string text = kTemplateAndClaim;
  text.replace(text.find("        command:"), 16, "        commandz:");
  auto file = Write(dir, "typo.yaml", text);
  ASSERT_OK_AND_ASSIGN(auto problems, ValidateManifests(cluster.kubectl, {file}));
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_EQ(problems[0].file, file);
  EXPECT_EQ(problems[0].line, 12);
  EXPECT_EQ(problems[0].field, "spec.podTemplate.spec.containers[0].commandz");
  EXPECT_THAT(problems[0].Describe(), HasSubstr("typo.yaml:12: "));
}

TEST(ManifestValidation, AnInvalidValueIsNamedAtItsLine) {
  SANDCHECK_KIND_CLUSTER_OR_SKIP(cluster);
  ASSERT_OK_AND_ASSIGN(auto dir, TempDir::Create("sandcheck-manifests-"));
  auto file = Write(dir, "pod.yaml", R"(apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  restartPolicy: Sometimes
  containers:
  - name: main
    image: sandcheck.local/node-busybox:1
)");
  ASSERT_OK_AND_ASSIGN(auto problems, ValidateManifests(cluster.kubectl, {file}));
  ASSERT_THAT(problems, SizeIs(1));
  EXPECT_EQ(problems[0].field, "spec.restartPolicy");
  EXPECT_EQ(problems[0].line, 6);
}

// The whole path a user takes: `sandcheck validate` of a deployment whose own template has a
// typo is exit 2 naming the template's file, line and field; the shipped one validates.
TEST(ManifestValidation, ValidateOfADeploymentsManifestsIsExitTwoAtTheField) {
  SANDCHECK_KIND_CLUSTER_OR_SKIP(cluster);
  (void)cluster;
  const std::filesystem::path source(SANDCHECK_SOURCE_DIR);
  ASSERT_OK_AND_ASSIGN(auto dir, TempDir::Create("sandcheck-manifests-"));
  ASSERT_OK_AND_ASSIGN(std::string text,
                       ReadFile(source / "fixtures/kubernetes/gvisor-agent/sandbox-template.yaml"));
  text.replace(text.find("          workingDir:"), 21, "          workinDir:");
  auto template_file = Write(dir, "sandbox-template.yaml", text);
  auto deployment = Write(
      dir, "deployment.yaml",
      fmt::format("sandcheck: 1\nname: typo\nsubstrate: kind\nruntime: runsc\nimage: busybox\n"
                  "user: {{uid: 1000, gid: 1000}}\nkubernetes: {{manifests: [{}]}}\n",
                  template_file.string()));
  auto run = [](const std::filesystem::path& file) {
    ProcessSpec spec;
    spec.argv = {SANDCHECK_CLI_PATH, "validate", file.string()};
    spec.timeout = std::chrono::seconds(120);
    return RunProcess(spec);
  };
  ASSERT_OK_AND_ASSIGN(ProcessOutcome refused, run(deployment));
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_THAT(refused.err,
              HasSubstr(template_file.string() + ":29: spec.podTemplate.spec.containers[0]."
                                                 "workinDir: "));
  ASSERT_OK_AND_ASSIGN(ProcessOutcome shipped,
                       run(source / "fixtures/deployments/kind-manifests-runsc.yaml"));
  EXPECT_EQ(shipped.exit_code, 0) << shipped.err;
}

}  // namespace
}  // namespace sandcheck::testing
