// A deployment written as Kubernetes manifests: the files, and which pool and container of them
// is the sandbox. What the documents say is checked by the kind substrate (and its API server)
// before anything is applied; here only that the files exist and the section fits the substrate.
#include "core/deployment_parser_decode.h"
#include "core/deployment_parser_values.h"

namespace sandcheck {
namespace {

void DecodeName(const MapReader& section, std::string_view key, Diagnostics& diagnostics,
                std::string& out) {
  auto field = section.Find(key);
  if (!field) return;
  auto value = ReadString(*field, diagnostics);
  if (value && value->empty()) {
    diagnostics.Add(field->mark, fmt::format("'{}' is empty", key),
                    "name it, or leave the key out");
  } else if (value) {
    out = *value;
  }
}

}  // namespace

void DecodeKubernetes(const MapReader& top, DecodeContext& context, Deployment& deployment) {
  auto field = top.Find("kubernetes");
  if (!field) return;
  if (deployment.substrate != SubstrateKind::kKind) {
    context.diagnostics.Add(field->mark, "'kubernetes' applies to substrate kind only",
                            "remove it, or write 'substrate: kind'");
    return;
  }
  MapReader section(*field, kKubernetesSection, context.diagnostics);
  KubernetesManifests& manifests = deployment.kubernetes;
  auto files = section.Find("manifests");
  if (!files) {
    context.diagnostics.Add(field->mark, "'kubernetes' names no manifests",
                            "add 'manifests: [sandbox-template.yaml, ...]'");
    return;
  }
  if (auto items = ReadList(*files, context.diagnostics)) {
    if (items->empty()) {
      context.diagnostics.Add(files->mark, "'manifests' is empty",
                              "list the YAML files of the SandboxTemplate, its pool, ...");
    }
    for (const Field& item : *items) {
      if (auto path = ReadHostPath(item, "manifest", HostPathKind::kFile, context.base_dir,
                                   context.diagnostics)) {
        manifests.files.push_back(*path);
      }
    }
  }
  DecodeName(section, "warm_pool", context.diagnostics, manifests.warm_pool);
  DecodeName(section, "container", context.diagnostics, manifests.container);
  DecodeName(section, "image_reference", context.diagnostics, manifests.image_reference);
}

}  // namespace sandcheck
