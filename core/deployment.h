// The model of one deployment file: a sandbox setup under test. Parsed and validated by
// deployment_parser.h; everything downstream (substrates, checks, reports) reads only this.
// The file format is documented in docs/deployment-schema.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/family.h"

namespace sandcheck {

enum class SubstrateKind { kOci, kDocker, kKind, kKina, kNative };
// bwrap and srt are command wrappers of the native substrate (docs/native-sandbox.md).
enum class RuntimeKind { kRunc, kCrun, kRunsc, kKata, kBwrap, kSrt };
enum class NetworkMode { kNone, kWorld, kHost };
enum class SeccompMode { kRuntimeDefault, kUnconfined, kProfile };
// Which kernel the deployment promises the agent runs on.
enum class KernelMode { kHost, kSandbox };
// The three-phase seed's axes; each promise belongs to one.
enum class Phase { kIsolation, kObservability, kPortability };

struct UserSpec {
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::vector<uint32_t> additional_gids;
};

struct TmpfsMount {
  std::string path;
  uint64_t size_bytes = 0;  // 0: the kernel's default
  uint32_t mode = 01777;
  bool noexec = false;
  bool nosuid = true;
  bool nodev = true;
};

struct BindMount {
  std::filesystem::path source;  // absolute, resolved relative to the deployment file
  std::string target;
  bool read_only = false;
  // join_owner_group: the host group owning `source`; the parser adds it to
  // user.additional_gids, as docker run --group-add "$(stat -c %g SOURCE)" does.
  std::optional<uint32_t> owner_gid;
};

// A named volume lives on the host (substrate-owned directory) and survives the sandbox.
struct VolumeMount {
  std::string name;
  std::string target;
};

struct Limits {
  std::optional<uint64_t> memory_bytes;
  std::optional<double> cpus;
  std::optional<int64_t> pids;
};

// Managed settings and hook scripts of Claude Code, installed root-owned into the image.
struct ClaudeConfig {
  std::optional<std::filesystem::path>
      managed_settings;                      // host file -> /etc/claude-code/managed-settings.json
  std::vector<std::filesystem::path> hooks;  // host files -> /etc/claude-code/hooks/<name>
  bool oauth_file = false;  // the deployment keeps ~/.claude/.credentials.json on purpose
};

struct Image {
  std::string recipe;  // "busybox", or "claude-code" (the real Claude Code, docs/agent.md)
};

// Where a promise of the deployment belongs: check family -> phase.
struct PhaseAssignment {
  Family family = Family::kIsolation;
  Phase phase = Phase::kIsolation;
};

// The egress proxy (mitmdump with fixtures/proxies/sandcheck_proxy.py). Host patterns, in the
// allowlist and in credential injection alike: "name" matches that name only; "*.suffix"
// matches every name ending in ".suffix" but not "suffix" itself; "*" matches every name.
struct EgressProxy {
  std::vector<std::string> allowlist;  // inline entries, then allowlist_file's lines
  bool flow_log = true;
  // Negative control: the proxy's control port is left open to the sandbox.
  bool expose_admin_port = false;
  // The proxy's CA goes into the sandbox's trust store and NODE_EXTRA_CA_CERTS; false (a
  // negative control) leaves HTTPS through the intercepting proxy unverifiable.
  bool install_ca = true;
  // Negative controls only: matcher flaws real proxies shipped, which the addon reproduces
  // (fixtures/proxies/sandcheck_proxy.py: substring, ip-literals, connect-target-only,
  // any-port).
  std::vector<std::string> flaws;
};

enum class CredentialHeader { kApiKey, kBearer };  // x-api-key: KEY, Authorization: Bearer KEY

struct CredentialInjection {
  std::string host;  // host pattern
  CredentialHeader header = CredentialHeader::kApiKey;
};

// The credential proxy: the key lives on the host side and the egress proxy adds it to the
// requests for the injection hosts, so it never enters the sandbox.
struct CredentialProxy {
  std::string key_from_env;  // the host variable holding the key (a canary when unset)
  // Negative control: hand the key to the sandbox as this variable instead of injecting it.
  std::string sandbox_env;
  std::vector<CredentialInjection> inject;
};

// A command-wrapping sandbox (substrate native): every command the agent runs, the probe's
// included, is run as `bwrap <args> -- command` or `srt --settings <settings> -- command`.
struct Wrapper {
  std::vector<std::string> args;  // bwrap's arguments, as written
  // srt's settings file (JSON); none: srt's built-in defaults
  std::optional<std::filesystem::path> settings;
  // The home of the host user the wrapper runs as: the run's fake host home, resolved with
  // the other host references (suites/credentials/host_references.h).
  std::string home = "${host_home}";
};

// A deployment written as Kubernetes manifests (substrate kind): the cluster runs the user's own
// SandboxTemplate, pool and policies, and the deployment's fields above are the promises the
// checks hold those pods to (docs/kubernetes.md).
struct KubernetesManifests {
  std::vector<std::filesystem::path> files;  // YAML, applied into the run's namespace
  std::string warm_pool;  // the SandboxWarmPool every sandbox claims; empty: the only one
  std::string container;  // the agent's container; empty: the template's first
  // The reference the manifests give the deployment's image: sandcheck loads its image into the
  // nodes under it, so the manifests stay as written (no registry is reached).
  std::string image_reference;
};

struct Proxies {
  std::optional<EgressProxy> egress;
  std::optional<CredentialProxy> credentials;  // needs egress: one proxy does both
};

struct Deployment {
  std::filesystem::path source_file;  // the YAML it came from, for reports and SARIF
  std::string name;
  std::string description;
  std::string seed;  // which seed document it reproduces, if any

  SubstrateKind substrate = SubstrateKind::kOci;
  RuntimeKind runtime = RuntimeKind::kRunc;
  Image image;
  UserSpec user;
  std::string hostname = "sandbox";
  std::string workdir = "/";
  std::vector<std::string> command;  // the agent's command; empty: the substrate's idle init

  bool read_only_root = false;
  std::vector<std::string> capabilities_add;   // CAP_* names
  std::vector<std::string> capabilities_drop;  // CAP_* names, or ALL
  bool no_new_privileges = false;
  // Docker's --privileged and --pid=host: negative controls only; the oci substrate refuses them.
  bool privileged = false;
  bool host_pid = false;
  SeccompMode seccomp = SeccompMode::kRuntimeDefault;
  std::filesystem::path seccomp_profile;  // for kProfile
  KernelMode kernel = KernelMode::kHost;
  // The file declares itself a negative control: the parser lets through the kernel mislabel
  // (kernel: sandbox on a host-kernel runtime) it otherwise rejects, for the checks to catch.
  bool negative_control = false;

  std::vector<TmpfsMount> tmpfs;
  std::vector<BindMount> binds;
  std::vector<VolumeMount> volumes;
  Limits limits;
  std::map<std::string, std::string> env;
  // Variables passed to the entrypoint and unset before the agent is exec'ed (run-claude.sh).
  std::vector<std::string> env_unset_before_exec;
  NetworkMode network = NetworkMode::kNone;
  Proxies proxies;
  ClaudeConfig claude;
  Wrapper wrapper;                 // substrate native only
  KubernetesManifests kubernetes;  // substrate kind only; empty: the pod sandcheck writes
  std::vector<PhaseAssignment> phases;

  // Capabilities left to the sandbox after drop/add, as CAP_* names, sorted.
  std::vector<std::string> EffectiveCapabilities() const;
};

std::string_view ToString(SubstrateKind kind);
std::string_view ToString(RuntimeKind kind);
std::string_view ToString(NetworkMode mode);
std::string_view ToString(SeccompMode mode);
std::string_view ToString(KernelMode mode);
std::string_view ToString(Phase phase);
std::string_view ToString(CredentialHeader header);

// Whether `host` matches the host `pattern` (see EgressProxy).
bool HostMatches(std::string_view pattern, std::string_view host);
// Whether `pattern` is a valid host pattern: "*", a host name, or "*." and a host name.
bool IsHostPattern(std::string_view pattern);

// Docker's default capability set, which a deployment starts from before drop/add.
const std::vector<std::string>& DefaultCapabilities();
// Every capability the kernel knows, for "drop: [ALL]" and validation of names.
const std::vector<std::string>& AllCapabilities();

}  // namespace sandcheck
