// What the sandbox sees mounted: tmpfs, bind mounts and named volumes, whose targets must be
// absolute and distinct across all three lists.
#include <sys/stat.h>

#include <algorithm>
#include <map>

#include "core/deployment_parser_decode.h"
#include "core/deployment_parser_values.h"

namespace sandcheck {
namespace {

// The first mount decoded at each target, to name it when a later one reuses the target.
struct MountClaim {
  std::string label;
  YAML::Mark mark;
};
using TargetClaims = std::map<std::string, MountClaim>;

// A bind source on the run's fake host ("${host_home}/.aws"), or a bind target at a path of
// the host's own (sbx mounts the workspace at the same path inside as on the host), kept
// verbatim for the runner to resolve; only its form is checked here, where the file position
// is known. `what`: "bind source" or "bind target".
std::optional<std::filesystem::path> ReadHostReference(const Field& field, Diagnostics& diagnostics,
                                                       std::string_view what = "bind source") {
  namespace refs = deployment_references;
  const std::string& text = field.node.Scalar();
  std::string shown = Printable(text);
  for (std::string_view reference : {refs::kHostHome, refs::kHostTmp}) {
    if (!text.starts_with(reference)) continue;
    std::string_view rest = std::string_view(text).substr(reference.size());
    if (!rest.empty() && rest.front() != '/') {
      diagnostics.Add(field.mark,
                      fmt::format("{} '{}' has no '/' after {}", what, shown, reference),
                      fmt::format("write {}/{}", reference, Printable(rest)));
      return std::nullopt;
    }
    for (const auto& component : std::filesystem::path(rest)) {
      if (component == "..") {
        diagnostics.Add(field.mark,
                        fmt::format("{} '{}' leaves {} through '..'", what, shown, reference),
                        fmt::format("name a path inside {}", reference));
        return std::nullopt;
      }
    }
    return std::filesystem::path(text);
  }
  diagnostics.Add(
      field.mark, fmt::format("{} '{}' starts with an unknown host reference", what, shown),
      fmt::format("start it with {} or {}, or name a real path", refs::kHostHome, refs::kHostTmp));
  return std::nullopt;
}

// Reads a mount target and claims it, reporting "/" and targets already claimed. A bind's
// target may be a host reference (`host_reference`).
std::optional<std::string> ReadTarget(const std::optional<Field>& field, const Field& mount,
                                      DecodeContext& context, TargetClaims& claims,
                                      bool host_reference = false) {
  if (!field) return std::nullopt;
  std::optional<std::string> target;
  if (host_reference && field->node.IsScalar() && field->node.Scalar().starts_with("${")) {
    auto reference = ReadHostReference(*field, context.diagnostics, "bind target");
    if (reference) target = reference->string();
  } else {
    target = ReadAbsolutePath(*field, context.diagnostics);
  }
  if (!target) return std::nullopt;
  if (*target == "/") {
    context.diagnostics.Add(field->mark, "mount target '/' would hide the whole root filesystem",
                            "mount at a directory such as /workspace");
    return std::nullopt;
  }
  auto [claim, fresh] = claims.emplace(*target, MountClaim{mount.label, field->mark});
  if (!fresh) {
    context.diagnostics.Add(
        field->mark,
        fmt::format("mount target {} of '{}' is already used by '{}' (line {})", Printable(*target),
                    mount.label, claim->second.label, claim->second.mark.line + 1),
        "give each mount its own target");
    return std::nullopt;
  }
  return target;
}

// docker's "-v ./src:/workspace:ro" and "--tmpfs /tmp:size=64m" spellings, rewritten as the
// entry of `list` they mean.
std::string EntryFromDockerSyntax(std::string_view list, const std::string& text) {
  std::vector<std::string> parts;
  for (size_t start = 0; start <= text.size();) {
    size_t colon = std::min(text.find(':', start), text.size());
    parts.push_back(Printable(text.substr(start, colon - start)));
    start = colon + 1;
  }
  if (list == "tmpfs") return fmt::format("{{path: {}}}", parts[0]);
  bool binds = list == "binds";
  if (parts.size() < 2) {
    return binds ? "{source: ./dir, target: /workspace}" : "{name: data, target: /data}";
  }
  std::string entry =
      fmt::format("{{{}: {}, target: {}", binds ? "source" : "name", parts[0], parts[1]);
  if (binds && parts.size() > 2 && parts[2] == "ro") entry += ", read_only: true";
  return entry + "}";
}

// A mount written as one string, docker-style, where a mapping belongs.
void ReportDockerSyntax(const Field& field, std::string_view list, std::string_view expected,
                        bool whole_list, Diagnostics& diagnostics) {
  std::string entry = EntryFromDockerSyntax(list, field.node.Scalar());
  diagnostics.Add(field.mark,
                  fmt::format("'{}' must be {}, got '{}'", field.label, expected,
                              Printable(field.node.Scalar())),
                  fmt::format("write {}", whole_list ? "[" + entry + "]" : entry));
}

std::optional<std::filesystem::path> ReadBindSource(const Field& field, DecodeContext& context) {
  if (field.node.IsScalar() && field.node.Scalar().starts_with("${")) {
    return ReadHostReference(field, context.diagnostics);
  }
  return ReadHostPath(field, "bind source", HostPathKind::kBindSource, context.base_dir,
                      context.diagnostics);
}

// The host group that owns a bind source, which `join_owner_group` gives the agent
// (docker run --group-add "$(stat -c %g SOURCE)"): what lets a non-root agent use a socket.
std::optional<uint32_t> ReadOwnerGroup(const Field& field, const std::filesystem::path& source,
                                       Diagnostics& diagnostics) {
  struct stat info {};
  if (source.empty()) return std::nullopt;  // the source's own error is reported
  if (source.string().starts_with("${") || ::stat(source.c_str(), &info) != 0) {
    diagnostics.Add(field.mark,
                    fmt::format("join_owner_group needs a bind source on this host, got '{}'",
                                Printable(source.string())),
                    "name a real path as the source, or remove join_owner_group");
    return std::nullopt;
  }
  return info.st_gid;
}

// A volume name, where ${tenant} stands for each tenant's name (suites/persistence/tenants.h).
std::optional<std::string> ReadVolumeName(const Field& field, Diagnostics& diagnostics) {
  auto name = ReadString(field, diagnostics);
  if (!name) return std::nullopt;
  std::string as_a_tenant = *name;
  std::string_view token = deployment_references::kTenant;
  for (size_t at; (at = as_a_tenant.find(token)) != std::string::npos;) {
    as_a_tenant.replace(at, token.size(), "t");
  }
  if (as_a_tenant.find('$') != std::string::npos) {
    diagnostics.Add(field.mark,
                    fmt::format("volume name '{}' holds an unknown reference", Printable(*name)),
                    fmt::format("the only reference a volume name takes is {}", token));
    return std::nullopt;
  }
  if (!IsVolumeName(as_a_tenant)) {
    diagnostics.Add(field.mark, fmt::format("volume name '{}' is not valid", Printable(*name)),
                    "start with a letter or digit and use only letters, digits, '_', '.' and "
                    "'-' (at most 64 characters)");
    return std::nullopt;
  }
  return name;
}

std::optional<uint32_t> ReadFileMode(const Field& field, Diagnostics& diagnostics) {
  auto text = ReadString(field, diagnostics);
  if (!text) return std::nullopt;
  auto mode = ParseFileMode(*text);
  if (!mode.ok()) {
    diagnostics.Add(field.mark, mode.error());
    return std::nullopt;
  }
  return *mode;
}

void DecodeTmpfs(const Field& item, DecodeContext& context, TargetClaims& claims,
                 std::vector<TmpfsMount>& mounts) {
  MapReader entry(item, kTmpfsSection, context.diagnostics);
  if (!entry.is_map()) return;
  TmpfsMount mount;
  auto path = ReadTarget(entry.Require("path", "add 'path: /tmp'"), item, context, claims);
  mount.path = path.value_or("");
  if (auto field = entry.Find("size")) {
    mount.size_bytes = ReadSize(*field, context.diagnostics).value_or(0);
  }
  if (auto field = entry.Find("mode")) {
    mount.mode = ReadFileMode(*field, context.diagnostics).value_or(mount.mode);
  }
  for (auto [key, flag] : {std::pair{"noexec", &mount.noexec}, std::pair{"nosuid", &mount.nosuid},
                           std::pair{"nodev", &mount.nodev}}) {
    if (auto field = entry.Find(key)) *flag = ReadBool(*field, context.diagnostics).value_or(*flag);
  }
  mounts.push_back(mount);
}

void DecodeBind(const Field& item, DecodeContext& context, TargetClaims& claims,
                std::vector<BindMount>& mounts) {
  MapReader entry(item, kBindSection, context.diagnostics);
  if (!entry.is_map()) return;
  BindMount mount;
  if (auto field =
          entry.Require("source", "add 'source: ./dir', relative to the deployment file")) {
    mount.source = ReadBindSource(*field, context).value_or("");
  }
  auto target = ReadTarget(entry.Require("target", "add 'target: /workspace'"), item, context,
                           claims, /*host_reference=*/true);
  mount.target = target.value_or("");
  if (auto field = entry.Find("read_only")) {
    mount.read_only = ReadBool(*field, context.diagnostics).value_or(false);
  }
  if (auto field = entry.Find("join_owner_group")) {
    bool join = ReadBool(*field, context.diagnostics).value_or(false);
    if (join) mount.owner_gid = ReadOwnerGroup(*field, mount.source, context.diagnostics);
  }
  mounts.push_back(mount);
}

void DecodeVolume(const Field& item, DecodeContext& context, TargetClaims& claims,
                  std::vector<VolumeMount>& mounts) {
  MapReader entry(item, kVolumeSection, context.diagnostics);
  if (!entry.is_map()) return;
  VolumeMount mount;
  if (auto field = entry.Require("name", "add 'name: claude-home'")) {
    mount.name = ReadVolumeName(*field, context.diagnostics).value_or("");
  }
  auto target = ReadTarget(entry.Require("target", "add 'target: /home/agent/.claude'"), item,
                           context, claims);
  mount.target = target.value_or("");
  mounts.push_back(mount);
}

}  // namespace

void DecodeMounts(const MapReader& top, DecodeContext& context, Deployment& deployment) {
  TargetClaims claims;  // in file order, so a reused target is reported where it is reused
  for (const MapEntry& entry : top.entries()) {
    bool is_mount_list = entry.key == "tmpfs" || entry.key == "binds" || entry.key == "volumes";
    if (!is_mount_list) continue;
    if (entry.value.node.IsScalar()) {
      ReportDockerSyntax(entry.value, entry.key, "a list of mounts", true, context.diagnostics);
      continue;
    }
    auto items = ReadList(entry.value, context.diagnostics);
    if (!items) continue;
    for (const Field& item : *items) {
      if (item.node.IsScalar()) {
        ReportDockerSyntax(item, entry.key, "a mapping of keys", false, context.diagnostics);
        continue;
      }
      if (entry.key == "tmpfs") DecodeTmpfs(item, context, claims, deployment.tmpfs);
      if (entry.key == "binds") DecodeBind(item, context, claims, deployment.binds);
      if (entry.key == "volumes") DecodeVolume(item, context, claims, deployment.volumes);
    }
  }
}

}  // namespace sandcheck
