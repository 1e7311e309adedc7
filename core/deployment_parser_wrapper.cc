// The command wrapper of a native deployment: bwrap's arguments or srt's settings file.
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "core/deployment_parser_decode.h"
#include "core/deployment_parser_values.h"

namespace sandcheck {
namespace {

// srt refuses a settings file it cannot parse rather than run with weaker defaults; sandcheck
// refuses it before anything starts.
void CheckSettingsJson(const Field& field, const std::filesystem::path& path,
                       Diagnostics& diagnostics) {
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto settings = nlohmann::json::parse(text, nullptr, false);
  if (settings.is_discarded() || !settings.is_object()) {
    diagnostics.Add(
        field.mark,
        fmt::format("srt settings file '{}' is not a JSON object", Printable(field.node.Scalar())),
        "write the settings as srt reads them: { \"network\": ..., "
        "\"filesystem\": ... }");
  }
}

// The mounts a bwrap line makes are the deployment's declared mounts: the isolation checks
// hold what the sandbox shows against them, as they hold a container against its binds.
void DeclareMountsOfLine(const std::vector<std::string>& args, Deployment& deployment) {
  std::optional<uint64_t> size;
  std::optional<uint32_t> mode;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    bool has_two = i + 2 < args.size();
    if ((flag == "--bind" || flag == "--bind-try" || flag == "--dev-bind" ||
         flag == "--dev-bind-try" || flag == "--ro-bind" || flag == "--ro-bind-try") &&
        has_two) {
      deployment.binds.push_back({args[i + 1], args[i + 2], flag.starts_with("--ro-bind")});
      i += 2;
    } else if (flag == "--size" && i + 1 < args.size()) {
      size = std::strtoull(args[++i].c_str(), nullptr, 10);
    } else if (flag == "--perms" && i + 1 < args.size()) {
      mode = static_cast<uint32_t>(std::strtoul(args[++i].c_str(), nullptr, 8));
    } else if (flag == "--tmpfs" && i + 1 < args.size()) {
      // bwrap's tmpfs carries no mount flags (nodev and nosuid come from its user namespace).
      deployment.tmpfs.push_back({.path = args[++i],
                                  .size_bytes = size.value_or(0),
                                  .mode = mode.value_or(0755),
                                  .noexec = false,
                                  .nosuid = true,
                                  .nodev = true});
      size.reset();
      mode.reset();
    }
  }
}

}  // namespace

void DecodeWrapper(const MapReader& top, DecodeContext& context, Deployment& deployment) {
  auto field = top.Find("wrapper");
  bool native = deployment.substrate == SubstrateKind::kNative;
  // Each command runs in the agent's shell inside the wrapper, as Claude Code's Bash tool runs
  // it: that shell is the sandbox's first process.
  if (native && deployment.command.empty()) deployment.command = {"/bin/sh"};
  if (!field) {
    if (native && context.decoded.contains("runtime")) {
      // srt without a settings file runs its built-in defaults: a deployment of its own.
      if (deployment.runtime == RuntimeKind::kSrt) return;
      context.diagnostics.Add(top.Find("substrate")->mark,
                              "substrate native wraps commands, but the file has no 'wrapper'",
                              "add 'wrapper: {args: [--unshare-all, ...]}'");
    }
    return;
  }
  if (!native) {
    context.diagnostics.Add(field->mark, "'wrapper' applies to substrate native only",
                            "remove it, or write 'substrate: native'");
    return;
  }
  MapReader section(*field, kWrapperSection, context.diagnostics);
  Wrapper& wrapper = deployment.wrapper;
  if (auto args = section.Find("args")) {
    if (auto items = ReadList(*args, context.diagnostics)) {
      for (const Field& item : *items) {
        if (auto argument = ReadString(item, context.diagnostics)) {
          wrapper.args.push_back(*argument);
        }
      }
    }
  }
  if (auto settings = section.Find("settings")) {
    wrapper.settings = ReadHostPath(*settings, "srt settings file", HostPathKind::kFile,
                                    context.base_dir, context.diagnostics);
    if (wrapper.settings) CheckSettingsJson(*settings, *wrapper.settings, context.diagnostics);
  }
  if (deployment.runtime == RuntimeKind::kBwrap) DeclareMountsOfLine(wrapper.args, deployment);
  if (deployment.runtime == RuntimeKind::kBwrap && wrapper.args.empty()) {
    context.diagnostics.Add(field->mark, "runtime bwrap needs its arguments",
                            "add 'args: [--unshare-all, --ro-bind, /usr, /usr, ...]'");
  }
  if (deployment.runtime == RuntimeKind::kSrt && !wrapper.args.empty()) {
    context.diagnostics.Add(field->mark, "runtime srt takes its settings file, not arguments",
                            "move the restrictions into the settings file");
  }
}

}  // namespace sandcheck
