// A deployment's Kubernetes manifests (SandboxTemplate, SandboxClaim, SandboxWarmPool, Pod, PVC,
// NetworkPolicy, ...) validated by the cluster's own API server before anything is applied:
// each document goes through a strict server-side dry run, which checks it against the
// installed CRDs' schemas and the built-in types, and a refusal is reported at the file and
// line of the field it names.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "clusters/kubernetes/kubectl.h"
#include "core/result.h"

namespace sandcheck {

struct ManifestProblem {
  std::filesystem::path file;
  int line = 0;         // 1-based; the document's first line when the field is not found
  std::string field;    // "spec.podTemplate.spec.containers[0].imagePullPolicyy", or empty
  std::string message;  // the API server's words

  std::string Describe() const;  // "file:line: field: message"
};

// Every problem in `files`; empty when the API server accepts every document. An Error only
// when the files cannot be read or parsed as YAML, or the cluster cannot be asked.
Result<std::vector<ManifestProblem>> ValidateManifests(
    const Kubectl& kubectl, const std::vector<std::filesystem::path>& files);

// The 1-based line of `field` (dotted, with [i] for list items) in `document`, or 0.
int LineOfField(const std::string& document_yaml, const std::string& field);

}  // namespace sandcheck
