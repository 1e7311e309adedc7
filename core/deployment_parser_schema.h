// The keys each mapping of a deployment file accepts (docs/deployment-schema.md describes them).
// Decoders look keys up through these tables and the unknown-key hints search all of them, so
// what is accepted and what is suggested cannot drift apart.
#pragma once

#include <array>
#include <span>
#include <string_view>
#include <vector>

namespace sandcheck {

struct Section {
  std::string_view home;  // where its keys belong, for hints: "under 'user'"
  std::span<const std::string_view> keys;
};

namespace schema_keys {
// In the order docs/deployment-schema.md describes them.
inline constexpr std::array<std::string_view, 31> kTopLevel = {
    "sandcheck",
    "name",
    "description",
    "seed",
    "substrate",
    "runtime",
    "image",
    "kernel",
    "negative_control",
    "user",
    "hostname",
    "workdir",
    "command",
    "read_only_root",
    "capabilities",
    "no_new_privileges",
    "privileged",
    "pid_mode",
    "seccomp",
    "tmpfs",
    "limits",
    "binds",
    "volumes",
    "env",
    "env_unset_before_exec",
    "network",
    "proxies",
    "claude",
    "wrapper",
    "kubernetes",
    "phases",
};
inline constexpr std::array<std::string_view, 3> kUser = {"uid", "gid", "additional_gids"};
inline constexpr std::array<std::string_view, 2> kCapabilities = {"drop", "add"};
inline constexpr std::array<std::string_view, 1> kSeccomp = {"profile"};
inline constexpr std::array<std::string_view, 6> kTmpfs = {"path",   "size",   "mode",
                                                           "noexec", "nosuid", "nodev"};
inline constexpr std::array<std::string_view, 3> kLimits = {"memory", "cpus", "pids"};
inline constexpr std::array<std::string_view, 4> kBind = {"source", "target", "read_only",
                                                          "join_owner_group"};
inline constexpr std::array<std::string_view, 2> kVolume = {"name", "target"};
inline constexpr std::array<std::string_view, 3> kClaude = {"managed_settings", "hooks",
                                                            "oauth_file"};
inline constexpr std::array<std::string_view, 2> kProxies = {"egress", "credentials"};
inline constexpr std::array<std::string_view, 6> kEgressProxy = {
    "allowlist", "allowlist_file", "flow_log", "expose_admin_port", "install_ca", "flaws"};
inline constexpr std::array<std::string_view, 3> kCredentialProxy = {"key_from_env", "sandbox_env",
                                                                     "inject"};
inline constexpr std::array<std::string_view, 2> kInject = {"host", "header"};
inline constexpr std::array<std::string_view, 2> kWrapper = {"args", "settings"};
inline constexpr std::array<std::string_view, 4> kKubernetes = {"manifests", "warm_pool",
                                                                "container", "image_reference"};
inline constexpr std::array<std::string_view, 3> kPhases = {"isolation", "observability",
                                                            "portability"};
}  // namespace schema_keys

inline constexpr Section kTopLevelSection{"at the top level", schema_keys::kTopLevel};
inline constexpr Section kUserSection{"under 'user'", schema_keys::kUser};
inline constexpr Section kCapabilitiesSection{"under 'capabilities'", schema_keys::kCapabilities};
inline constexpr Section kSeccompSection{"under 'seccomp'", schema_keys::kSeccomp};
inline constexpr Section kTmpfsSection{"in a 'tmpfs' entry", schema_keys::kTmpfs};
inline constexpr Section kLimitsSection{"under 'limits'", schema_keys::kLimits};
inline constexpr Section kBindSection{"in a 'binds' entry", schema_keys::kBind};
inline constexpr Section kVolumeSection{"in a 'volumes' entry", schema_keys::kVolume};
inline constexpr Section kClaudeSection{"under 'claude'", schema_keys::kClaude};
inline constexpr Section kWrapperSection{"under 'wrapper'", schema_keys::kWrapper};
inline constexpr Section kKubernetesSection{"under 'kubernetes'", schema_keys::kKubernetes};
inline constexpr Section kPhasesSection{"under 'phases'", schema_keys::kPhases};
inline constexpr Section kProxiesSection{"under 'proxies'", schema_keys::kProxies};
inline constexpr Section kEgressProxySection{"under 'proxies.egress'", schema_keys::kEgressProxy};
inline constexpr Section kCredentialProxySection{"under 'proxies.credentials'",
                                                 schema_keys::kCredentialProxy};
inline constexpr Section kInjectSection{"in a 'proxies.credentials.inject' entry",
                                        schema_keys::kInject};

// Every section, in the order hints mention them.
inline constexpr std::array<const Section*, 16> kAllSections = {
    &kTopLevelSection, &kUserSection,        &kCapabilitiesSection,
    &kSeccompSection,  &kTmpfsSection,       &kLimitsSection,
    &kBindSection,     &kVolumeSection,      &kClaudeSection,
    &kWrapperSection,  &kKubernetesSection,  &kPhasesSection,
    &kProxiesSection,  &kEgressProxySection, &kCredentialProxySection,
    &kInjectSection};

}  // namespace sandcheck
