// Who the agent runs as and what the kernel lets it do: user, capabilities, seccomp.
#include <algorithm>

#include "core/deployment_parser_decode.h"
#include "core/deployment_parser_values.h"

namespace sandcheck {
namespace {

// (uid_t)-1 means "leave unchanged" to setuid(2) and chown(2), so it is no user at all.
constexpr uint64_t kMaxId = 4294967294;

std::optional<uint32_t> ReadId(const std::optional<Field>& field, Diagnostics& diagnostics) {
  if (!field) return std::nullopt;
  auto id = ReadWholeNumber(*field, 0, kMaxId, diagnostics);
  if (!id) return std::nullopt;
  return static_cast<uint32_t>(*id);
}

bool HasCapPrefix(std::string_view name) {
  return name.size() >= 4 && (name[0] | 0x20) == 'c' && (name[1] | 0x20) == 'a' &&
         (name[2] | 0x20) == 'p' && name[3] == '_';
}

// A capability list item, normalised to CAP_X (or ALL), with the item's position.
struct CapabilityItem {
  std::string name;
  YAML::Mark mark;
};

std::vector<CapabilityItem> ReadCapabilityList(const std::optional<Field>& field,
                                               Diagnostics& diagnostics) {
  std::vector<CapabilityItem> capabilities;
  if (!field) return capabilities;
  auto items = ReadList(*field, diagnostics);
  if (!items) return capabilities;
  std::vector<std::string_view> known(AllCapabilities().begin(), AllCapabilities().end());
  known.push_back("ALL");
  for (const Field& item : *items) {
    auto text = ReadString(item, diagnostics);
    if (!text) continue;
    auto name = NormaliseCapability(*text);
    if (!name) {
      std::string what = fmt::format("unknown capability '{}'", Printable(*text));
      // Compare as CAP_X so "net_admn" is as close to CAP_NET_ADMIN as "CAP_NET_ADMN" is.
      std::string prefixed = HasCapPrefix(*text) ? *text : "CAP_" + *text;
      if (auto match = ClosestMatch(prefixed, known)) {
        diagnostics.Add(item.mark, what, fmt::format("did you mean '{}'?", *match));
      } else {
        diagnostics.Add(item.mark, what,
                        "use a name from capabilities(7), such as CAP_NET_BIND_SERVICE, or ALL");
      }
      continue;
    }
    bool listed = std::any_of(capabilities.begin(), capabilities.end(),
                              [&](const CapabilityItem& c) { return c.name == *name; });
    if (!listed) capabilities.push_back({*name, item.mark});
  }
  return capabilities;
}

bool Contains(const std::vector<CapabilityItem>& items, const std::string& name) {
  return std::any_of(items.begin(), items.end(),
                     [&](const CapabilityItem& item) { return item.name == name; });
}

}  // namespace

void DecodeUser(const MapReader& top, DecodeContext& context, UserSpec& user) {
  auto field = top.Require("user",
                           "add 'user: {uid: 1000, gid: 1000}'; sandcheck never guesses who the "
                           "agent runs as");
  if (!field) return;
  MapReader section(*field, kUserSection, context.diagnostics);
  auto uid = section.Require("uid", "add 'uid: 1000' (0 is root)");
  auto gid = section.Require("gid", "add 'gid: 1000' (0 is root's group)");
  if (auto id = ReadId(uid, context.diagnostics)) user.uid = *id;
  if (auto id = ReadId(gid, context.diagnostics)) user.gid = *id;
  auto additional = section.Find("additional_gids");
  if (!additional) return;
  auto items = ReadList(*additional, context.diagnostics);
  if (!items) return;
  for (const Field& item : *items) {
    if (auto id = ReadId(item, context.diagnostics)) user.additional_gids.push_back(*id);
  }
}

void DecodeCapabilities(const MapReader& top, DecodeContext& context, Deployment& deployment) {
  auto field = top.Find("capabilities");
  if (!field) return;
  MapReader section(*field, kCapabilitiesSection, context.diagnostics);
  auto drop = ReadCapabilityList(section.Find("drop"), context.diagnostics);
  auto add = ReadCapabilityList(section.Find("add"), context.diagnostics);
  for (const CapabilityItem& item : add) {
    if (Contains(drop, item.name)) {
      context.diagnostics.Add(item.mark,
                              fmt::format("capability {} is both dropped and added", item.name),
                              "remove it from 'capabilities.drop' to keep it, or from "
                              "'capabilities.add' to lose it");
    }
  }
  for (const CapabilityItem& item : drop) deployment.capabilities_drop.push_back(item.name);
  for (const CapabilityItem& item : add) {
    if (item.name == "ALL") {
      deployment.capabilities_add = AllCapabilities();
      break;
    }
    deployment.capabilities_add.push_back(item.name);
  }
}

void DecodeSeccomp(const MapReader& top, DecodeContext& context, Deployment& deployment) {
  auto field = top.Find("seccomp");
  if (!field) return;
  constexpr std::string_view kForms = "runtime-default, unconfined or {profile: ./path.json}";
  if (field->node.IsScalar()) {
    const std::string& mode = field->node.Scalar();
    if (mode == "runtime-default") {
      deployment.seccomp = SeccompMode::kRuntimeDefault;
    } else if (mode == "unconfined") {
      deployment.seccomp = SeccompMode::kUnconfined;
    } else if (mode == "profile") {
      context.diagnostics.Add(field->mark, "seccomp 'profile' needs the profile's path",
                              "write seccomp: {profile: ./path/to/profile.json}");
    } else {
      std::array<std::string_view, 2> modes = {"runtime-default", "unconfined"};
      auto match = ClosestMatch(mode, modes);
      context.diagnostics.Add(
          field->mark, fmt::format("unknown seccomp mode '{}'", Printable(mode)),
          match ? fmt::format("did you mean '{}'? (seccomp is {})", *match, kForms)
                : fmt::format("write {}", kForms));
    }
    return;
  }
  if (!field->node.IsMap()) {
    context.diagnostics.Add(
        field->mark,
        field->node.IsNull() ? "'seccomp' has no value" : "'seccomp' must be a mode or a mapping",
        fmt::format("write {}", kForms));
    return;
  }
  MapReader section(*field, kSeccompSection, context.diagnostics);
  auto profile = section.Require("profile", "add 'profile: ./path/to/profile.json'");
  if (!profile) return;
  auto path = ReadHostPath(*profile, "seccomp profile", HostPathKind::kFile, context.base_dir,
                           context.diagnostics);
  if (!path) return;
  deployment.seccomp = SeccompMode::kProfile;
  deployment.seccomp_profile = *path;
}

}  // namespace sandcheck
