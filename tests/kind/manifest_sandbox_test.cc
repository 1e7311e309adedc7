// A deployment written as Kubernetes manifests: the `kubernetes` section of the file, the sandbox
// found in the documents (with the file and line of every refusal), and what sandcheck adds
// before applying them. No cluster needed.
#include "clusters/kubernetes/manifest_sandbox.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "clusters/substrate_traits_catalog.h"
#include "core/deployment_parser.h"
#include "core/temp_dir.h"
#include "tests/test_util.h"

namespace sandcheck {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::filesystem::path kFixtures = std::filesystem::path(SANDCHECK_SOURCE_DIR) / "fixtures";

Result<Deployment> Parse(std::string_view body, const std::filesystem::path& base) {
  std::string yaml = fmt::format(
      "sandcheck: 1\nname: t\nimage: busybox\nuser: {{uid: 1000, gid: 1000}}\n{}", body);
  return ParseDeploymentText(yaml, "t.yaml", base, SubstrateTraitsCatalog());
}

constexpr const char* kTemplate = R"(apiVersion: extensions.agents.x-k8s.io/v1beta1
kind: SandboxTemplate
metadata:
  name: agent
spec:
  podTemplate:
    spec:
      containers:
        - name: agent
          image: team/agent:1
          command: [sleep, "3600"]
)";

class ManifestDir : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = TempDir::Create("sandcheck-manifests-");
    ASSERT_TRUE(dir.ok()) << dir.message();
    dir_.emplace(std::move(dir).value());
  }
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_->path() / name) << text;
    return name;
  }
  Result<Deployment> ParseKind(const std::string& kubernetes) {
    return Parse("substrate: kind\nruntime: runsc\nkubernetes: " + kubernetes + "\n", dir_->path());
  }
  std::optional<TempDir> dir_;
};

TEST_F(ManifestDir, TheSectionNamesFilesThatExist) {
  Write("t.yaml", kTemplate);
  ASSERT_OK_AND_ASSIGN(Deployment deployment, ParseKind("{manifests: [t.yaml], container: agent, "
                                                        "image_reference: team/agent:1}"));
  ASSERT_EQ(deployment.kubernetes.files.size(), 1u);
  EXPECT_EQ(deployment.kubernetes.files[0].filename(), "t.yaml");
  EXPECT_EQ(deployment.kubernetes.image_reference, "team/agent:1");
  auto missing = ParseKind("{manifests: [absent.yaml]}");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.message(), HasSubstr("absent.yaml"));
  auto empty = ParseKind("{manifests: []}");
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(empty.message(), HasSubstr("'manifests' is empty"));
}

TEST_F(ManifestDir, OnlyTheKindSubstrateTakesManifests) {
  Write("t.yaml", kTemplate);
  auto parsed =
      Parse("substrate: oci\nruntime: runc\nkubernetes: {manifests: [t.yaml]}\n", dir_->path());
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(parsed.message(), HasSubstr("'kubernetes' applies to substrate kind only"));
}

TEST_F(ManifestDir, ALoneTemplateGetsAPoolOfNoReplicasAndItsFirstContainer) {
  Write("t.yaml", kTemplate);
  ASSERT_OK_AND_ASSIGN(Deployment deployment, ParseKind("{manifests: [t.yaml]}"));
  ASSERT_OK_AND_ASSIGN(ManifestSandbox sandbox, PlanManifestSandbox(deployment));
  EXPECT_EQ(sandbox.sandbox_template, "agent");
  EXPECT_EQ(sandbox.warm_pool, "agent");
  EXPECT_EQ(sandbox.container, "agent");
  ASSERT_EQ(sandbox.documents.size(), 2u);
  EXPECT_EQ(sandbox.documents[1].kind, "SandboxWarmPool");
}

TEST_F(ManifestDir, AClaimInTheFilesIsTheModelNotAnObjectToApply) {
  Write("t.yaml", std::string(kTemplate) + R"(---
apiVersion: extensions.agents.x-k8s.io/v1beta1
kind: SandboxWarmPool
metadata: {name: warm}
spec: {replicas: 2, sandboxTemplateRef: {name: agent}}
---
apiVersion: extensions.agents.x-k8s.io/v1beta1
kind: SandboxClaim
metadata: {name: session}
spec:
  warmPoolRef: {name: warm}
  lifecycle: {shutdownPolicy: Delete}
)");
  ASSERT_OK_AND_ASSIGN(Deployment deployment, ParseKind("{manifests: [t.yaml]}"));
  ASSERT_OK_AND_ASSIGN(ManifestSandbox sandbox, PlanManifestSandbox(deployment));
  EXPECT_EQ(sandbox.warm_pool, "warm");
  for (const auto& document : sandbox.documents) EXPECT_NE(document.kind, "SandboxClaim");
  const std::string claim =
      ManifestClaim(sandbox, "sc-1-x", {"ns-1", {{"io.sandcheck.run", "1"}}, ""});
  YAML::Node node = YAML::Load(claim);
  EXPECT_EQ(node["metadata"]["name"].Scalar(), "sc-1-x");
  EXPECT_EQ(node["metadata"]["namespace"].Scalar(), "ns-1");
  EXPECT_EQ(node["metadata"]["labels"]["io.sandcheck.run"].Scalar(), "1");
  EXPECT_EQ(node["spec"]["warmPoolRef"]["name"].Scalar(), "warm");
  EXPECT_EQ(node["spec"]["lifecycle"]["shutdownPolicy"].Scalar(), "Delete");
  // The label's value stays a string for the API server, even when it reads as a number.
  EXPECT_THAT(claim, HasSubstr("\"1\""));
}

TEST_F(ManifestDir, RefusalsNameTheFileLineAndFix) {
  Write("role.yaml", std::string(kTemplate) + R"(---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: wide}
)");
  ASSERT_OK_AND_ASSIGN(Deployment cluster_wide, ParseKind("{manifests: [role.yaml]}"));
  auto refused = PlanManifestSandbox(cluster_wide);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.message(), HasSubstr("role.yaml:13: ClusterRole wide"));
  EXPECT_THAT(refused.message(), HasSubstr("fix: "));

  Write("pool.yaml", R"(apiVersion: extensions.agents.x-k8s.io/v1beta1
kind: SandboxWarmPool
metadata: {name: warm}
spec: {sandboxTemplateRef: {name: elsewhere}}
)");
  ASSERT_OK_AND_ASSIGN(Deployment no_template, ParseKind("{manifests: [pool.yaml]}"));
  refused = PlanManifestSandbox(no_template);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.message(), HasSubstr("pool.yaml:1: pool warm claims from SandboxTemplate "
                                           "'elsewhere', which is not in the manifests"));

  Write("t.yaml", kTemplate);
  ASSERT_OK_AND_ASSIGN(Deployment wrong_container,
                       ParseKind("{manifests: [t.yaml], container: claude}"));
  refused = PlanManifestSandbox(wrong_container);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.message(), HasSubstr("t.yaml:1: SandboxTemplate agent has no container "
                                           "'claude' (it has agent)"));

  Write("bad.yaml", "kind: [unclosed\n");
  ASSERT_OK_AND_ASSIGN(Deployment not_yaml, ParseKind("{manifests: [bad.yaml]}"));
  refused = PlanManifestSandbox(not_yaml);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.message(), HasSubstr("bad.yaml:"));
}

TEST_F(ManifestDir, TheTemplateGetsTheProbeAndEveryObjectTheRunsNamespaceAndLabels) {
  Write("t.yaml", kTemplate);
  ASSERT_OK_AND_ASSIGN(Deployment deployment, ParseKind("{manifests: [t.yaml]}"));
  ASSERT_OK_AND_ASSIGN(ManifestSandbox sandbox, PlanManifestSandbox(deployment));
  const std::string applied =
      ManifestsToApply(sandbox, deployment, {"ns-1", {{"io.sandcheck.run", "r1"}}, "probe:1"});
  std::vector<YAML::Node> documents = YAML::LoadAll(applied);
  ASSERT_EQ(documents.size(), 2u);
  for (const auto& document : documents) {
    EXPECT_EQ(document["metadata"]["namespace"].Scalar(), "ns-1");
    EXPECT_EQ(document["metadata"]["labels"]["io.sandcheck.run"].Scalar(), "r1");
  }
  const YAML::Node pod = documents[0]["spec"]["podTemplate"];
  EXPECT_EQ(pod["metadata"]["labels"]["io.sandcheck.run"].Scalar(), "r1");
  // The user's container and image are as written; the probe comes from an init container's.
  const YAML::Node agent = pod["spec"]["containers"][0];
  EXPECT_EQ(agent["image"].Scalar(), "team/agent:1");
  EXPECT_EQ(agent["command"][1].Scalar(), "3600");
  EXPECT_THAT(applied, HasSubstr("\"3600\""));
  EXPECT_EQ(agent["volumeMounts"][0]["mountPath"].Scalar(), kProbeDirInPod);
  EXPECT_EQ(agent["volumeMounts"][0]["readOnly"].Scalar(), "true");
  const YAML::Node copy = pod["spec"]["initContainers"][0];
  EXPECT_EQ(copy["image"].Scalar(), "probe:1");
  EXPECT_EQ(copy["command"][3].Scalar(), kProbePathInPod);
  EXPECT_EQ(copy["securityContext"]["runAsUser"].Scalar(), "1000");
  EXPECT_EQ(copy["securityContext"]["allowPrivilegeEscalation"].Scalar(), "false");
  EXPECT_EQ(pod["spec"]["volumes"][0]["name"].Scalar(), "sandcheck-probe");
  // The pool is not a template: it gets no probe.
  EXPECT_THAT(AsYaml(documents[1]), Not(HasSubstr("initContainers")));
}

TEST(ManifestFixtures, TheShippedFixturesPlan) {
  for (const char* name : {"kind-manifests-runsc.yaml", "negative/kind-manifests-host-root.yaml",
                           "negative/kind-manifests-sa-token.yaml",
                           "negative/kind-manifests-claude-home-emptydir.yaml"}) {
    ASSERT_OK_AND_ASSIGN(
        Deployment deployment,
        ParseDeploymentFile(kFixtures / "deployments" / name, SubstrateTraitsCatalog()));
    ASSERT_OK_AND_ASSIGN(ManifestSandbox sandbox, PlanManifestSandbox(deployment));
    EXPECT_EQ(sandbox.warm_pool, "agent") << name;
    EXPECT_EQ(sandbox.container, "agent") << name;
    EXPECT_TRUE(sandbox.claim_model.has_value()) << name;
  }
}

}  // namespace
}  // namespace sandcheck
