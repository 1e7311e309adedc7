// The text rules of the deployment format that need no YAML: sizes, file modes, capability
// names, identifiers, and the "did you mean" matcher behind the parser's suggestions. Kept apart
// so each rule is testable alone and reusable by the CLI.
//
// Failures come back as Error messages of the form "WHAT. fix: HOW"; the parser prefixes the
// file position.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace sandcheck {

// Builds the "WHAT. fix: HOW" message every parser rejection uses.
Error Problem(std::string_view what, std::string_view fix);

// "64Mi" -> 67108864. A whole number with an optional unit: Ki, Mi, Gi (powers of 1024) or
// K, M, G (powers of 1000); no unit means bytes. Lower-case units are rejected: docker reads
// "512m" as MiB where Kubernetes reads it as millibytes, and a sandbox limit must not depend on
// which one the reader had in mind. Zero is rejected too: omit the key for "no limit".
Result<uint64_t> ParseSize(std::string_view text);

// "1777", "01777", "0o1777" -> 01777. Always octal, like chmod; at most 07777.
Result<uint32_t> ParseFileMode(std::string_view text);

// "net_raw", "CAP_NET_RAW", "Cap_Net_Raw" -> "CAP_NET_RAW"; "all" -> "ALL". nullopt for names
// that are not in AllCapabilities().
std::optional<std::string> NormaliseCapability(std::string_view name);

// The candidate a person most likely meant by `typo`, if one is close enough to suggest.
// Case, '-' and '_' are ignored ("readOnlyRoot" finds "read_only_root"), a unique prefix of
// three or more letters counts ("obs" finds "observability"), so does a unique shared start of
// two thirds of the word ("portable" finds "portability"), and otherwise the edit distance must
// be small for the word's length.
std::optional<std::string> ClosestMatch(std::string_view typo,
                                        std::span<const std::string_view> candidates);

// User text as messages quote it: control characters escaped so each message stays on one
// line, and cut after 60 characters.
std::string Printable(std::string_view text);

// "a, b or c": how messages list the allowed values.
std::string JoinAlternatives(std::span<const std::string_view> words);

// A deployment name: 1..40 characters of [a-z0-9-], used in sandbox and report names.
bool IsDeploymentName(std::string_view name);
// `text` lower-cased with every run of other characters turned into one '-', trimmed to 40
// characters: the fix suggested for a bad name.
std::string SuggestDeploymentName(std::string_view text);

// An RFC 1123 label: 1..63 letters, digits and '-', not starting or ending with '-'.
bool IsHostname(std::string_view name);

// A POSIX environment variable name: [A-Za-z_][A-Za-z0-9_]*.
bool IsEnvName(std::string_view name);

// A docker/OCI volume name: [A-Za-z0-9][A-Za-z0-9_.-]*, at most 64 characters.
bool IsVolumeName(std::string_view name);

// References a deployment may hold that the harness resolves after parsing; the parser checks
// their form and keeps them verbatim.
namespace deployment_references {
// Bind sources on the run's fake host (suites/credentials/host_references.h): the whole source
// or its first component.
inline constexpr std::string_view kHostHome = "${host_home}";
inline constexpr std::string_view kHostTmp = "${host_tmp}";
// Per-tenant volume names (suites/persistence/tenants.h): "claude-home-${tenant}".
inline constexpr std::string_view kTenant = "${tenant}";
// The hostname of the machine the sandbox runs on, as a whole `hostname` value: what
// `docker run --hostname "$(hostname)"` gives (suites/credentials/host_references.h).
inline constexpr std::string_view kHostHostname = "${host_hostname}";
}  // namespace deployment_references

}  // namespace sandcheck
