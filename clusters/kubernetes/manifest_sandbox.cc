#include "clusters/kubernetes/manifest_sandbox.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <nlohmann/json.hpp>
#include <set>

#include "clusters/kubernetes/sandbox_claims.h"
#include "clusters/substrate.h"

namespace sandcheck {
namespace {

using json = nlohmann::json;

constexpr std::string_view kProbeVolume = "sandcheck-probe";

// Namespaced kinds sandcheck applies into a run's namespace. Nothing cluster-wide: a
// RuntimeClass or a ClusterRole is the cluster owner's, and a bare Pod is not a sandbox of
// agent-sandbox.
const std::set<std::string, std::less<>>& AppliedKinds() {
  static const std::set<std::string, std::less<>> kinds = {"SandboxTemplate",
                                                           "SandboxWarmPool",
                                                           "SandboxClaim",
                                                           "PersistentVolumeClaim",
                                                           "NetworkPolicy",
                                                           "ConfigMap",
                                                           "Secret",
                                                           "ServiceAccount",
                                                           "Role",
                                                           "RoleBinding"};
  return kinds;
}

// A JSON value as a YAML node (JSON is YAML; its strings stay quoted when emitted).
YAML::Node FromJson(const json& value) { return YAML::Load(value.dump()); }

std::string TextAt(const YAML::Node& node, std::initializer_list<const char*> path) {
  YAML::Node at = YAML::Clone(node);
  for (const char* key : path) {
    if (!at.IsMap() || !at[key]) return "";
    at = at[key];
  }
  return at.IsScalar() ? at.Scalar() : "";
}

const ManifestDocument* Find(const std::vector<ManifestDocument>& documents, std::string_view kind,
                             std::string_view name) {
  for (const auto& document : documents) {
    if (document.kind == kind && document.name == name) return &document;
  }
  return nullptr;
}

std::vector<const ManifestDocument*> OfKind(const std::vector<ManifestDocument>& documents,
                                            std::string_view kind) {
  std::vector<const ManifestDocument*> found;
  for (const auto& document : documents) {
    if (document.kind == kind) found.push_back(&document);
  }
  return found;
}

std::string Names(const std::vector<const ManifestDocument*>& documents) {
  std::vector<std::string> names;
  for (const auto* document : documents) names.push_back(document->name);
  return names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", "));
}

Status CheckDocument(const ManifestDocument& document) {
  if (document.kind.empty() || document.name.empty() ||
      TextAt(document.node, {"apiVersion"}) == "") {
    return Fail(
        "{}: an object without apiVersion, kind or metadata.name. fix: give every "
        "document all three",
        document.Where());
  }
  if (!AppliedKinds().contains(document.kind)) {
    return Fail(
        "{}: {} {}: sandcheck applies only namespaced objects of a sandbox into the "
        "run's namespace ({}). fix: install cluster-wide objects (RuntimeClass, CRDs, "
        "ClusterRoles) yourself, and give a bare Pod's spec to a SandboxTemplate's "
        "podTemplate",
        document.Where(), document.kind, document.name, fmt::join(AppliedKinds(), ", "));
  }
  return Status::Ok();
}

// The pool the sandboxes claim: the one named, the model claim's, or the only one.
Result<std::string> ChoosePool(const KubernetesManifests& declared,
                               const std::vector<ManifestDocument>& documents,
                               const std::optional<YAML::Node>& claim_model) {
  const auto pools = OfKind(documents, "SandboxWarmPool");
  std::string pool = declared.warm_pool;
  if (pool.empty() && claim_model) pool = TextAt(*claim_model, {"spec", "warmPoolRef", "name"});
  if (pool.empty() && pools.size() == 1) pool = pools.front()->name;
  if (pool.empty() && pools.size() > 1) {
    return Fail(
        "the manifests have several SandboxWarmPools ({}). fix: name the one every "
        "sandbox claims with kubernetes.warm_pool",
        Names(pools));
  }
  if (!pool.empty() && Find(documents, "SandboxWarmPool", pool) == nullptr) {
    return Fail(
        "no SandboxWarmPool '{}' in the manifests (they have {}). fix: add it, or name "
        "one of them",
        pool, Names(pools));
  }
  return pool;
}

}  // namespace

Result<ManifestSandbox> PlanManifestSandbox(const Deployment& deployment) {
  const KubernetesManifests& declared = deployment.kubernetes;
  ASSIGN_OR_RETURN(std::vector<ManifestDocument> documents, ReadManifests(declared.files));
  ManifestSandbox sandbox;
  for (auto& document : documents) {
    RETURN_IF_ERROR(CheckDocument(document));
    if (document.kind != "SandboxClaim") {
      sandbox.documents.push_back(document);
    } else if (sandbox.claim_model) {
      return Fail(
          "{}: a second SandboxClaim. fix: keep one: it is the model every sandbox's "
          "claim copies",
          document.Where());
    } else {
      sandbox.claim_model = document.node;
    }
  }
  ASSIGN_OR_RETURN(sandbox.warm_pool, ChoosePool(declared, sandbox.documents, sandbox.claim_model));
  const auto templates = OfKind(sandbox.documents, "SandboxTemplate");
  if (sandbox.warm_pool.empty()) {
    if (templates.size() != 1) {
      return Fail(
          "{}: no SandboxWarmPool, and {} SandboxTemplates ({}). fix: add a "
          "SandboxWarmPool over the sandbox's template",
          deployment.source_file.string(), templates.size(), Names(templates));
    }
    // Claims need a pool: one of 0 replicas starts every sandbox cold.
    sandbox.warm_pool = templates.front()->name;
    sandbox.documents.push_back({deployment.source_file, 0,
                                 FromJson(WarmPoolFor(sandbox.warm_pool, sandbox.warm_pool, 0)),
                                 "SandboxWarmPool", sandbox.warm_pool});
  }
  const ManifestDocument* pool = Find(sandbox.documents, "SandboxWarmPool", sandbox.warm_pool);
  sandbox.sandbox_template = TextAt(pool->node, {"spec", "sandboxTemplateRef", "name"});
  const ManifestDocument* sandbox_template =
      Find(sandbox.documents, "SandboxTemplate", sandbox.sandbox_template);
  if (sandbox_template == nullptr) {
    return Fail(
        "{}: pool {} claims from SandboxTemplate '{}', which is not in the manifests "
        "(they have {}). fix: add it to kubernetes.manifests",
        pool->Where(), pool->name, sandbox.sandbox_template, Names(templates));
  }
  const YAML::Node containers = sandbox_template->node["spec"]["podTemplate"]["spec"]["containers"];
  std::vector<std::string> names;
  if (containers && containers.IsSequence()) {
    for (const auto& container : containers) names.push_back(TextAt(container, {"name"}));
  }
  sandbox.container =
      declared.container.empty() && !names.empty() ? names.front() : declared.container;
  if (std::find(names.begin(), names.end(), sandbox.container) == names.end()) {
    return Fail(
        "{}: SandboxTemplate {} has no container '{}' (it has {}). fix: name the agent's "
        "container with kubernetes.container",
        sandbox_template->Where(), sandbox_template->name, sandbox.container,
        names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", ")));
  }
  return sandbox;
}

std::string ManifestsToApply(const ManifestSandbox& sandbox, const Deployment& deployment,
                             const ManifestPlacement& placement) {
  std::string out;
  for (const auto& document : sandbox.documents) {
    YAML::Node node = YAML::Clone(document.node);
    node["metadata"]["namespace"] = FromJson(placement.name_space);
    for (const auto& [key, value] : placement.labels)
      node["metadata"]["labels"][key] = FromJson(value);
    if (document.kind == "SandboxTemplate" && document.name == sandbox.sandbox_template) {
      YAML::Node pod = node["spec"]["podTemplate"];
      for (const auto& [key, value] : placement.labels)
        pod["metadata"]["labels"][key] = FromJson(value);
      const uint32_t uid = deployment.user.uid;
      json copy = {
          {"name", kProbeVolume},
          {"image", placement.probe_image},
          {"imagePullPolicy", "Never"},
          {"command",
           {"/bin/busybox", "cp", std::string(kProbePathInSandbox), std::string(kProbePathInPod)}},
          {"volumeMounts", {{{"name", kProbeVolume}, {"mountPath", kProbeDirInPod}}}},
          // Restricted, as the pod's own containers should be: the copy needs nothing more.
          {"securityContext",
           {{"runAsUser", uid},
            {"runAsGroup", deployment.user.gid},
            {"runAsNonRoot", uid != 0},
            {"allowPrivilegeEscalation", false},
            {"readOnlyRootFilesystem", true},
            {"capabilities", {{"drop", {"ALL"}}}},
            {"seccompProfile", {{"type", "RuntimeDefault"}}}}}};
      pod["spec"]["initContainers"].push_back(FromJson(copy));
      pod["spec"]["volumes"].push_back(
          FromJson({{"name", kProbeVolume}, {"emptyDir", json::object()}}));
      for (YAML::Node container : pod["spec"]["containers"]) {
        if (TextAt(container, {"name"}) != sandbox.container) continue;
        container["volumeMounts"].push_back(
            FromJson({{"name", kProbeVolume}, {"mountPath", kProbeDirInPod}, {"readOnly", true}}));
      }
    }
    out += (out.empty() ? "" : "\n---\n") + AsYaml(node);
  }
  return out;
}

std::string ManifestClaim(const ManifestSandbox& sandbox, const std::string& name,
                          const ManifestPlacement& placement) {
  if (!sandbox.claim_model) {
    return ClaimFor(name, placement.name_space, sandbox.warm_pool, placement.labels);
  }
  YAML::Node claim = YAML::Clone(*sandbox.claim_model);
  YAML::Node metadata =
      FromJson({{"name", name}, {"namespace", placement.name_space}, {"labels", placement.labels}});
  claim["metadata"] = metadata;
  claim["spec"]["warmPoolRef"] = FromJson({{"name", sandbox.warm_pool}});
  return AsYaml(claim);
}

}  // namespace sandcheck
