// The top level of a deployment file: the scalar keys here, the sections in their own files.
#include "core/deployment_parser_decode.h"

#include <algorithm>

#include "core/deployment_parser_values.h"

namespace sandcheck {
namespace {

constexpr std::array kSubstrates = {SubstrateKind::kOci, SubstrateKind::kDocker,
                                    SubstrateKind::kKind, SubstrateKind::kKina,
                                    SubstrateKind::kNative};
constexpr std::array kRuntimes = {RuntimeKind::kRunc, RuntimeKind::kCrun,  RuntimeKind::kRunsc,
                                  RuntimeKind::kKata, RuntimeKind::kBwrap, RuntimeKind::kSrt};
constexpr std::array kKernels = {KernelMode::kHost, KernelMode::kSandbox};
constexpr std::array kNetworks = {NetworkMode::kNone, NetworkMode::kWorld, NetworkMode::kHost};
constexpr std::array<std::string_view, 2> kImageRecipes = {"busybox", "claude-code"};
constexpr std::array<std::string_view, 2> kPidNamespaces = {"private", "host"};

// Reads an enum-valued top-level key and remembers where it sits for the cross-field rules.
template <typename Enum, size_t N>
void DecodeChoice(const std::optional<Field>& field, std::string_view noun,
                  const std::array<Enum, N>& values, DecodeContext& context, Enum& out) {
  if (!field) return;
  if (auto value = ReadEnum(*field, noun, values, context.diagnostics)) {
    out = *value;
    context.decoded.emplace(field->label, field->mark);
  }
}

void DecodeSchemaVersion(const MapReader& top, DecodeContext& context) {
  auto field = top.Require("sandcheck", "add 'sandcheck: 1' as the first line");
  if (!field) return;
  auto version = ReadWholeNumber(*field, 0, UINT32_MAX, context.diagnostics);
  if (version && *version != 1) {
    context.diagnostics.Add(field->mark,
                            fmt::format("schema version {} is not supported", *version),
                            "write 'sandcheck: 1', the only version this sandcheck reads");
  }
}

void DecodeName(const MapReader& top, DecodeContext& context, Deployment& deployment) {
  auto field = top.Require("name", "add a name such as 'name: my-sandbox' (a-z, 0-9 and '-')");
  if (!field) return;
  auto name = ReadString(*field, context.diagnostics);
  if (!name) return;
  if (IsDeploymentName(*name)) {
    deployment.name = *name;
  } else if (name->size() > 40) {
    context.diagnostics.Add(
        field->mark, fmt::format("name '{}' is {} characters long", Printable(*name), name->size()),
        fmt::format("shorten it to at most 40, e.g. '{}'", SuggestDeploymentName(*name)));
  } else {
    context.diagnostics.Add(
        field->mark, fmt::format("name '{}' may only use a-z, 0-9 and '-'", Printable(*name)),
        fmt::format("write '{}'", SuggestDeploymentName(*name)));
  }
}

void DecodeSeed(const MapReader& top, DecodeContext& context, Deployment& deployment) {
  auto field = top.Find("seed");
  if (!field) return;
  auto seed = ReadString(*field, context.diagnostics);
  if (!seed) return;
  bool three_digits = seed->size() == 3 && std::all_of(seed->begin(), seed->end(),
                                                       [](char c) { return c >= '0' && c <= '9'; });
  if (!three_digits) {
    context.diagnostics.Add(field->mark,
                            fmt::format("seed '{}' is not a seed number", Printable(*seed)),
                            "write the three digits that start a file name in shared/seeds, "
                            "quoted, e.g. \"003\"");
    return;
  }
  deployment.seed = *seed;
}

void DecodeImage(const MapReader& top, DecodeContext& context, Deployment& deployment) {
  // A native sandbox runs the host's own programs through its wrapper: no image.
  auto field = deployment.substrate == SubstrateKind::kNative
                   ? top.Find("image")
                   : top.Require("image", "add 'image: busybox' (one of busybox or claude-code)");
  if (!field) return;
  auto index = ReadChoice(*field, "image recipe", kImageRecipes, context.diagnostics);
  if (index) deployment.image.recipe = kImageRecipes[*index];
}

void DecodeHostname(const MapReader& top, DecodeContext& context, Deployment& deployment) {
  auto field = top.Find("hostname");
  if (!field) return;
  auto hostname = ReadString(*field, context.diagnostics);
  if (!hostname) return;
  if (*hostname != deployment_references::kHostHostname && !IsHostname(*hostname)) {
    context.diagnostics.Add(
        field->mark, fmt::format("hostname '{}' is not a valid host name", Printable(*hostname)),
        fmt::format("use 1 to 63 letters, digits and '-', not starting or ending with '-', "
                    "or {} for the host's own",
                    deployment_references::kHostHostname));
    return;
  }
  deployment.hostname = *hostname;
}

// A command written as one string is the usual slip: suggest the argument list it meant.
std::string SuggestArgv(const std::string& command) {
  if (command.find_first_of("\"'|&;<>$`\\") != std::string::npos) {
    std::string quoted;
    for (char c : command) {
      if (c == '"' || c == '\\') quoted.push_back('\\');
      quoted.push_back(c);
    }
    return fmt::format("[sh, -c, \"{}\"]", Printable(quoted));
  }
  std::string argv;
  size_t start = command.find_first_not_of(' ');
  while (start != std::string::npos) {
    size_t end = command.find(' ', start);
    if (!argv.empty()) argv += ", ";
    argv += command.substr(start, end - start);
    start = command.find_first_not_of(' ', end);
  }
  return fmt::format("[{}]", Printable(argv));
}

void DecodeCommand(const MapReader& top, DecodeContext& context, Deployment& deployment) {
  auto field = top.Find("command");
  if (!field) return;
  if (field->node.IsScalar()) {
    context.diagnostics.Add(field->mark,
                            fmt::format("'command' must be a list of arguments, got '{}'",
                                        Printable(field->node.Scalar())),
                            fmt::format("write {}", SuggestArgv(field->node.Scalar())));
    return;
  }
  auto items = ReadList(*field, context.diagnostics);
  if (!items) return;
  for (const Field& item : *items) {
    if (auto argument = ReadString(item, context.diagnostics)) {
      deployment.command.push_back(*argument);
    }
  }
}

void DecodeFlag(const MapReader& top, std::string_view key, DecodeContext& context, bool& out) {
  auto field = top.Find(key);
  if (!field) return;
  if (auto value = ReadBool(*field, context.diagnostics)) out = *value;
}

// pid_mode: host shares the host's process table (docker --pid=host); private is the default.
void DecodePidNamespace(const MapReader& top, DecodeContext& context, Deployment& deployment) {
  auto field = top.Find("pid_mode");
  if (!field) return;
  auto index = ReadChoice(*field, "pid mode", kPidNamespaces, context.diagnostics);
  if (!index) return;
  deployment.host_pid = kPidNamespaces[*index] == "host";
  // Recorded only when host: the substrate rule has nothing to say about the default.
  if (deployment.host_pid) context.decoded.emplace(field->label, field->mark);
}

}  // namespace

void DecodeDeployment(const Field& root, DecodeContext& context, Deployment& deployment) {
  MapReader top(root, kTopLevelSection, context.diagnostics);
  if (!top.is_map()) return;
  Diagnostics& diagnostics = context.diagnostics;

  DecodeSchemaVersion(top, context);
  DecodeName(top, context, deployment);
  if (auto field = top.Find("description")) {
    if (auto text = ReadString(*field, diagnostics)) deployment.description = *text;
  }
  DecodeSeed(top, context, deployment);

  DecodeChoice(
      top.Require("substrate", "add 'substrate: oci' (one of oci, docker, kind, kina or native)"),
      "substrate", kSubstrates, context, deployment.substrate);
  DecodeChoice(
      top.Require("runtime", "add 'runtime: runsc' (one of runc, crun, runsc, kata, bwrap or srt)"),
      "runtime", kRuntimes, context, deployment.runtime);
  DecodeImage(top, context, deployment);
  DecodeChoice(top.Find("kernel"), "kernel", kKernels, context, deployment.kernel);
  DecodeFlag(top, "negative_control", context, deployment.negative_control);
  DecodeChoice(top.Find("network"), "network mode", kNetworks, context, deployment.network);

  DecodeUser(top, context, deployment.user);
  DecodeHostname(top, context, deployment);
  if (auto field = top.Find("workdir")) {
    if (auto workdir = ReadAbsolutePath(*field, diagnostics)) deployment.workdir = *workdir;
  }
  DecodeCommand(top, context, deployment);
  DecodeFlag(top, "read_only_root", context, deployment.read_only_root);
  DecodeFlag(top, "no_new_privileges", context, deployment.no_new_privileges);
  DecodeFlag(top, "privileged", context, deployment.privileged);
  if (deployment.privileged) context.decoded.emplace("privileged", top.Find("privileged")->mark);
  DecodePidNamespace(top, context, deployment);
  DecodeCapabilities(top, context, deployment);
  DecodeSeccomp(top, context, deployment);

  DecodeMounts(top, context, deployment);
  for (const BindMount& bind : deployment.binds) {
    if (bind.owner_gid) deployment.user.additional_gids.push_back(*bind.owner_gid);
  }
  DecodeLimits(top, context, deployment.limits);
  DecodeEnvironment(top, context, deployment);
  DecodeClaude(top, context, deployment.claude);
  DecodeWrapper(top, context, deployment);  // after substrate and runtime: it must match them
  DecodeKubernetes(top, context, deployment);  // after substrate
  DecodePhases(top, context, deployment.phases);
  DecodeProxies(top, context, deployment);  // after network: proxies need the world

  CheckContradictions(deployment, context);
}

}  // namespace sandcheck
