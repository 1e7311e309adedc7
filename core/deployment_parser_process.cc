// What the agent's process gets: resource limits and environment.
#include <algorithm>

#include "core/deployment_parser_decode.h"
#include "core/deployment_parser_values.h"

namespace sandcheck {
namespace {

// The kernel's PID_MAX_LIMIT: no pid limit above it can ever bind.
constexpr uint64_t kMaxPids = 4194304;
// Far above any host; catches a slip like 1500 for 1.5 before it reaches a cgroup.
constexpr double kMaxCpus = 1024;

constexpr std::string_view kEnvNameFix =
    "use letters, digits and '_', not starting with a digit, e.g. CLAUDE_CODE_OAUTH_TOKEN";

}  // namespace

void DecodeLimits(const MapReader& top, DecodeContext& context, Limits& limits) {
  auto field = top.Find("limits");
  if (!field) return;
  MapReader section(*field, kLimitsSection, context.diagnostics);
  if (auto memory = section.Find("memory")) {
    limits.memory_bytes = ReadSize(*memory, context.diagnostics);
  }
  if (auto cpus = section.Find("cpus")) {
    limits.cpus = ReadPositiveNumber(*cpus, kMaxCpus, context.diagnostics);
  }
  if (auto pids = section.Find("pids")) {
    if (auto value = ReadWholeNumber(*pids, 1, kMaxPids, context.diagnostics)) {
      limits.pids = static_cast<int64_t>(*value);
    }
  }
}

void DecodeEnvironment(const MapReader& top, DecodeContext& context, Deployment& deployment) {
  if (auto field = top.Find("env")) {
    MapReader env(*field, context.diagnostics);
    for (const MapEntry& entry : env.entries()) {
      if (!IsEnvName(entry.key)) {
        context.diagnostics.Add(
            entry.key_mark,
            fmt::format("'{}' is not a valid environment variable name", Printable(entry.key)),
            kEnvNameFix);
      }
      if (auto value = ReadString(entry.value, context.diagnostics)) {
        deployment.env[entry.key] = *value;
      }
    }
  }
  auto unset = top.Find("env_unset_before_exec");
  if (!unset) return;
  auto items = ReadList(*unset, context.diagnostics);
  if (!items) return;
  for (const Field& item : *items) {
    auto name = ReadString(item, context.diagnostics);
    if (!name) continue;
    if (!IsEnvName(*name)) {
      context.diagnostics.Add(
          item.mark, fmt::format("'{}' is not a valid environment variable name", Printable(*name)),
          kEnvNameFix);
      continue;
    }
    auto& names = deployment.env_unset_before_exec;
    if (std::find(names.begin(), names.end(), *name) == names.end()) names.push_back(*name);
  }
}

}  // namespace sandcheck
