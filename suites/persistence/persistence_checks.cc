#include "suites/persistence/persistence_checks.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <csignal>
#include <optional>

#include "suites/credentials/agent_home.h"
#include "suites/credentials/host_canaries.h"
#include "suites/framework/check_context.h"
#include "suites/framework/probe.h"
#include "suites/persistence/tenants.h"
#include "suites/persistence/trial.h"

namespace sandcheck {
namespace {

constexpr char kAfterRecreate[] = "after stop, delete and re-create of the sandbox";
constexpr char kAfterSigkill[] = "after SIGKILL and re-create of the sandbox";

Result<std::string> ClaudeStateDirectory(Sandbox& sandbox, Duration timeout) {
  ASSIGN_OR_RETURN(nlohmann::json identity, RunProbe(sandbox, IdentityProbeOptions(), timeout));
  ASSIGN_OR_RETURN(std::string home, AgentHome(identity));
  return (home == "/" ? "" : home) + "/.claude";
}

std::vector<Sentinel> WrittenSentinels(const std::vector<Trial>& trials) {
  std::vector<Sentinel> written;
  for (const Trial& trial : trials) {
    if (trial.write.ok) written.push_back(trial.sentinel);
  }
  return written;
}

// Looks for every written sentinel in `sandbox` and records what was read.
Status LookFor(Sandbox& sandbox, std::vector<Trial>& trials, Duration timeout) {
  auto written = WrittenSentinels(trials);
  if (written.empty()) return Status::Ok();
  ASSIGN_OR_RETURN(std::vector<ReadFacts> reads, ReadInSandbox(sandbox, written, timeout));
  auto read = reads.begin();
  for (Trial& trial : trials) {
    if (trial.write.ok) trial.read = *read++;
  }
  return Status::Ok();
}

// Where a sentinel goes, and whether it is fsync'ed there.
struct Place {
  std::string directory;
  bool durable = false;
};

std::vector<Place> Places(const std::vector<std::string>& directories, bool durable) {
  std::vector<Place> places;
  for (const std::string& directory : directories) places.push_back({directory, durable});
  return places;
}

// One trial per place, in order, all written in one exec.
Result<std::vector<Trial>> WriteAll(Sandbox& sandbox, const std::vector<Place>& places,
                                    Duration timeout) {
  std::vector<SentinelWrite> writes;
  for (const Place& place : places) writes.push_back({NewSentinel(place.directory), place.durable});
  ASSIGN_OR_RETURN(std::vector<WriteAttempt> attempts, WriteInSandbox(sandbox, writes, timeout));
  std::vector<Trial> trials;
  for (size_t i = 0; i < writes.size(); ++i) {
    trials.push_back({writes[i].sentinel, attempts[i], std::nullopt});
  }
  return trials;
}

// /tmp, and every tmpfs the deployment declares: a tmpfs is a promise to forget.
std::vector<std::string> EphemeralDirectories(const Deployment& deployment) {
  std::vector<std::string> directories = {"/tmp"};
  for (const TmpfsMount& tmpfs : deployment.tmpfs) {
    if (tmpfs.path != "/tmp") directories.push_back(tmpfs.path);
  }
  return directories;
}

// PERS-001, -002 and -004 judge one stop/delete/re-create: each group of sentinels is written
// in the same sandbox, looked for in the same re-created one.
struct GracefulTrials {
  std::vector<Trial> claude;     // plain writes to ~/.claude
  std::vector<Trial> workspace;  // plain writes to /workspace
  std::vector<Trial> ephemeral;  // fsync'ed writes to /tmp and every tmpfs
};

// What the family's checks hand one another within one deployment run.
struct PersistenceHandOff {
  std::optional<Result<GracefulTrials>> graceful;  // run by the first check that needs it
  // A sandbox a trial is done with and no check has used yet: PERS-003 SIGKILLs it instead of
  // starting one of its own (three sandboxes for the four checks instead of eight).
  SandboxLease spare;
};

SandboxLease& Spare(CheckContext& context) { return context.HandOff<PersistenceHandOff>().spare; }

// Looks for every group's sentinels in one probe run.
Status LookForAll(Sandbox& sandbox, const std::vector<std::vector<Trial>*>& groups,
                  Duration timeout) {
  std::vector<Trial> all;
  for (auto* group : groups) all.insert(all.end(), group->begin(), group->end());
  RETURN_IF_ERROR(LookFor(sandbox, all, timeout));
  RemoveInSandbox(sandbox, WrittenSentinels(all), timeout);
  auto next = all.begin();
  for (auto* group : groups) {
    for (Trial& trial : *group) trial = *next++;
  }
  return Status::Ok();
}

Result<GracefulTrials> RunGraceful(CheckContext& context) {
  Duration timeout = context.timeouts().exec;
  ASSIGN_OR_RETURN(SandboxLease before, context.AcquireFresh("pers-before"));
  ASSIGN_OR_RETURN(std::string claude, ClaudeStateDirectory(*before, timeout));
  std::vector<Place> places = {{claude, false}, {kWorkspacePath, false}};
  // Durable writes: a persisting mount must not hide behind a cache that died with the sandbox.
  for (Place& ephemeral : Places(EphemeralDirectories(context.deployment()), true)) {
    places.push_back(std::move(ephemeral));
  }
  ASSIGN_OR_RETURN(std::vector<Trial> written, WriteAll(*before, places, timeout));
  GracefulTrials trials;
  trials.claude = {written[0]};
  trials.workspace = {written[1]};
  trials.ephemeral.assign(written.begin() + 2, written.end());
  RETURN_IF_ERROR(WithContext(before->Destroy(), "destroy " + before->name()));
  before.reset();
  ASSIGN_OR_RETURN(SandboxLease after, context.AcquireFresh("pers-after"));
  RETURN_IF_ERROR(
      LookForAll(*after, {&trials.claude, &trials.workspace, &trials.ephemeral}, timeout));
  Spare(context) = std::move(after);
  return trials;
}

const Result<GracefulTrials>& Graceful(CheckContext& context) {
  auto& graceful = context.HandOff<PersistenceHandOff>().graceful;
  if (!graceful) graceful = RunGraceful(context);
  return *graceful;
}

CheckResult JudgeGraceful(CheckContext& context, std::vector<Trial> GracefulTrials::*group,
                          Judgement (*judge)(const std::vector<Trial>&, const std::string&),
                          std::string pass_summary) {
  ResultBuilder result(context.check().id);
  const auto& trials = Graceful(context);
  if (!trials.ok()) return result.Error(trials.error());
  return Conclude(std::move(result), judge((*trials).*group, kAfterRecreate), "sentinels",
                  std::move(pass_summary));
}

CheckResult ClaudeStateSurvivesRecreate(CheckContext& context) {
  return JudgeGraceful(context, &GracefulTrials::claude, JudgeSeen,
                       "a file the agent wrote in ~/.claude was there, intact, in the re-created "
                       "sandbox");
}

CheckResult WorkspaceSurvivesRecreate(CheckContext& context) {
  return JudgeGraceful(context, &GracefulTrials::workspace, JudgeSeen,
                       "a file the agent wrote in /workspace was there, intact, in the "
                       "re-created sandbox");
}

CheckResult EphemeralPathsForgotten(CheckContext& context) {
  return JudgeGraceful(context, &GracefulTrials::ephemeral, JudgeUnseen,
                       fmt::format("files written to {} were gone in the re-created sandbox",
                                   fmt::join(EphemeralDirectories(context.deployment()), ", ")));
}

// The spare sandbox a trial left, or a fresh one.
Result<SandboxLease> SpareOrFresh(CheckContext& context) {
  SandboxLease spare = std::move(Spare(context));
  if (spare) return spare;
  return context.AcquireFresh("pers-before");
}

// Writes fsync'ed sentinels into ~/.claude and /workspace of `before`, SIGKILLs it with `crash`,
// and looks for them in a new one started from the same deployment (same volumes).
Result<std::vector<Trial>> AcrossSigkill(CheckContext& context, SandboxLease before,
                                         CrashSimulator& crash) {
  Duration timeout = context.timeouts().exec;
  ASSIGN_OR_RETURN(std::string claude, ClaudeStateDirectory(*before, timeout));
  ASSIGN_OR_RETURN(std::vector<Trial> trials,
                   WriteAll(*before, Places({claude, kWorkspacePath}, true), timeout));
  RETURN_IF_ERROR(WithContext(crash.Kill(SIGKILL), "SIGKILL " + before->name()));
  RETURN_IF_ERROR(WithContext(before->Destroy(), "destroy " + before->name()));
  before.reset();
  ASSIGN_OR_RETURN(SandboxLease after, context.AcquireFresh("pers-after"));
  RETURN_IF_ERROR(LookFor(*after, trials, timeout));
  RemoveInSandbox(*after, WrittenSentinels(trials), timeout);
  return trials;
}

CheckResult SyncedWritesSurviveSigkill(CheckContext& context) {
  ResultBuilder result(context.check().id);
  auto before = SpareOrFresh(context);
  if (!before.ok()) return result.Error(before.error());
  CrashSimulator* crash = (*before)->crash_simulator();
  if (crash == nullptr) {
    return result.Skip(fmt::format("the {} substrate cannot kill a sandbox as a crash would",
                                   ToString(context.substrate().kind())));
  }
  auto trials = AcrossSigkill(context, std::move(before).value(), *crash);
  if (!trials.ok()) return result.Error(trials.error());
  return Conclude(std::move(result), JudgeSeen(*trials, kAfterSigkill), "sentinels",
                  "fsync'ed files in ~/.claude and /workspace survived SIGKILL of the sandbox");
}

// Every place a tenant's sandbox can keep files beyond its own life.
std::vector<std::string> PersistentDirectories(const Deployment& deployment) {
  std::vector<std::string> directories;
  for (const VolumeMount& volume : deployment.volumes) directories.push_back(volume.target);
  for (const BindMount& bind : deployment.binds) directories.push_back(bind.target);
  return directories;
}

CheckResult TenantsKeptApart(CheckContext& context) {
  ResultBuilder result(context.check().id);
  const Deployment& deployment = context.deployment();
  if (!IsMultiTenant(deployment)) {
    return result.NotApplicable(
        fmt::format("no volume name holds {}: the deployment does not promise per-tenant volumes",
                    kTenantToken));
  }
  Duration timeout = context.timeouts().exec;
  const RunId& run = context.substrate().run_id();
  std::vector<std::pair<std::string, SandboxLease>> tenants;
  for (const char* purpose : {"tenant-a", "tenant-b"}) {
    std::string tenant = ResourceName(run, purpose);
    Deployment scoped = ForTenant(deployment, tenant);
    nlohmann::json volumes = nlohmann::json::object();
    for (const VolumeMount& volume : scoped.volumes) volumes[volume.target] = volume.name;
    result.evidence()["tenants"][tenant] = volumes;
    auto lease = context.substrate().Acquire(scoped, {.purpose = std::string("pers-") + purpose});
    if (!lease.ok()) return result.Error(lease.error());
    tenants.emplace_back(tenant, std::move(lease).value());
  }
  Sandbox& first = *tenants[0].second;
  Sandbox& second = *tenants[1].second;
  auto trials = WriteAll(first, Places(PersistentDirectories(deployment), true), timeout);
  if (!trials.ok()) return result.Error(trials.error());
  Status looked = LookFor(second, *trials, timeout);
  RemoveInSandbox(first, WrittenSentinels(*trials), timeout);
  if (!looked.ok()) return result.Error(looked.error());
  return Conclude(std::move(result),
                  JudgeUnseen(*trials, "in another tenant's sandbox (" + tenants[1].first + ")"),
                  "sentinels",
                  "no file tenant A wrote to its volumes or bind mounts was visible to tenant B");
}

const BindMount* WorkspaceBind(const Deployment& deployment) {
  for (const BindMount& bind : deployment.binds) {
    if (bind.target == kWorkspacePath) return &bind;
  }
  return nullptr;
}

CheckResult WorkspaceSharedWithHost(CheckContext& context) {
  ResultBuilder result(context.check().id);
  const BindMount* bind = WorkspaceBind(context.deployment());
  if (bind == nullptr) {
    return result.NotApplicable(
        "/workspace is not a bind mount of a host directory, so the deployment does not promise "
        "that the host sees the agent's edits");
  }
  result.evidence()["host_directory"] = bind->source.string();
  auto sandbox = context.AcquireFresh("pers-workspace");
  if (!sandbox.ok()) return result.Error(sandbox.error());
  Duration timeout = context.timeouts().exec;

  // No fsync: an editor's plain write must be on the host at once.
  Trial outward{NewSentinel(kWorkspacePath), {}, std::nullopt};
  auto written = WriteInSandbox(**sandbox, {{outward.sentinel, false}}, timeout);
  if (!written.ok()) return result.Error(written.error());
  outward.write = written->at(0);
  HostView& host = (*sandbox)->host();
  if (outward.write.ok) outward.read = ReadOnHost(host, bind->source, outward.sentinel);

  Trial inward{NewSentinel(kWorkspacePath), {}, std::nullopt};
  inward.write = WriteOnHost(host, bind->source, inward.sentinel);
  std::vector<Trial> trials = {outward, inward};
  Status looked = LookFor(**sandbox, trials, timeout);
  for (const Trial& trial : trials) host.RemoveFile(OnHost(bind->source, trial.sentinel));
  if (!looked.ok()) return result.Error(looked.error());
  return Conclude(std::move(result), JudgeSeen(trials, "on the other side of the bind mount"),
                  "sentinels",
                  fmt::format("a file the agent wrote in /workspace was in {} at once, and a file "
                              "written there was readable in the sandbox",
                              bind->source.string()));
}

// A bind mounted at a path of the host's own (a target written ${host_home}/P, resolved):
// sbx's workspace, at the same path inside the VM as on the host.
const BindMount* HostPathBind(const Deployment& deployment, const FakeHost& host) {
  for (const BindMount& bind : deployment.binds) {
    for (const std::filesystem::path& root : {host.home, host.tmp}) {
      auto relative = std::filesystem::path(bind.target).lexically_relative(root);
      if (!relative.empty() && *relative.begin() != "..") return &bind;
    }
  }
  return nullptr;
}

CheckResult WorkspaceAtTheHostsPath(CheckContext& context) {
  ResultBuilder result(context.check().id);
  auto host_paths = HostCanaries::InstalledHost();
  if (!host_paths.ok()) return result.Error(host_paths.error());
  const BindMount* bind = HostPathBind(context.deployment(), **host_paths);
  if (bind == nullptr) {
    return result.NotApplicable(
        "no bind mount at a path of the host's own: the deployment does not promise the "
        "workspace at the same path inside as on the host");
  }
  std::filesystem::path path = bind->target;
  result.evidence()["path"] = bind->target;
  result.evidence()["bound_from"] = bind->source.string();
  auto sandbox = context.AcquireFresh("pers-same-path");
  if (!sandbox.ok()) return result.Error(sandbox.error());
  Duration timeout = context.timeouts().exec;
  HostView& host = (*sandbox)->host();

  // The agent writes at the path; the host reads at the same path, and the other way round.
  Trial outward{NewSentinel(bind->target), {}, std::nullopt};
  auto written = WriteInSandbox(**sandbox, {{outward.sentinel, false}}, timeout);
  if (!written.ok()) return result.Error(written.error());
  outward.write = written->at(0);
  if (outward.write.ok) outward.read = ReadOnHost(host, path, outward.sentinel);

  Trial inward{NewSentinel(bind->target), {}, std::nullopt};
  inward.write = WriteOnHost(host, path, inward.sentinel);
  std::vector<Trial> trials = {outward, inward};
  Status looked = LookFor(**sandbox, trials, timeout);
  for (const Trial& trial : trials) {
    host.RemoveFile(OnHost(path, trial.sentinel));
    host.RemoveFile(OnHost(bind->source, trial.sentinel));
  }
  if (!looked.ok()) return result.Error(looked.error());
  return Conclude(std::move(result),
                  JudgeSeen(trials, "at the same path on the other side of the bind mount"),
                  "sentinels",
                  fmt::format("a file the agent wrote in {} was at that path on the host at once, "
                              "and a file the host wrote there was readable in the sandbox",
                              bind->target));
}

}  // namespace

std::vector<CheckInfo> PersistenceChecks() {
  return {
      {{
           .id = "PERS-001",
           .must = "Claude Code's state in ~/.claude MUST survive stop, delete and re-create of "
                   "the sandbox",
           .family = Family::kPersistence,
           .phase = Phase::kPortability,
           .severity = Severity::kHigh,
           .rationale =
               "~/.claude holds conversation history, settings and refreshed OAuth tokens (seed "
               "003's claude-data volume, seed 001's home PVC). Losing it on every restart "
               "forces re-logins and tempts operators to mount the host's ~/.claude instead.",
           .remediation =
               "Mount a named volume (or PVC) at the agent user's ~/.claude, owned by the agent "
               "user, and never a tmpfs.",
           .required_capabilities = {},
           .negative_controls = {"pers-claude-tmpfs.yaml", "pers-no-claude-volume.yaml",
                                 "kind-manifests-claude-home-emptydir.yaml"},
       },
       ClaudeStateSurvivesRecreate},
      {{
           .id = "PERS-002",
           .must = "Files the agent writes under /workspace MUST survive stop, delete and "
                   "re-create of the sandbox",
           .family = Family::kPersistence,
           .phase = Phase::kPortability,
           .severity = Severity::kHigh,
           .rationale =
               "The workspace is the agent's work product; seed 001 moved it to a PVC precisely "
               "so that a pod delete keeps it and a fresh pod resumes where the last one stopped.",
           .remediation = "Bind-mount the project directory (seed 003) or mount a volume or PVC at "
                          "/workspace, writable by the agent user.",
           .required_capabilities = {},
           .negative_controls = {"pers-workspace-in-rootfs.yaml"},
       },
       WorkspaceSurvivesRecreate},
      {{
           .id = "PERS-003",
           .must = "An fsync'ed write to ~/.claude or /workspace MUST survive SIGKILL of the "
                   "sandbox",
           .family = Family::kPersistence,
           .phase = Phase::kPortability,
           .severity = Severity::kMedium,
           .rationale =
               "Sandboxes die without warning (OOM kill, node loss, a runtime crash). A runtime "
               "that keeps file data in its own caches (gVisor's sentry, an in-memory overlay) "
               "can lose what the agent already synced.",
           .remediation =
               "Back ~/.claude and /workspace with host storage that the runtime writes through "
               "to on fsync: bind mounts or volumes, not an overlay kept in sandbox memory.",
           .required_capabilities = {},
           .negative_controls = {"pers-claude-tmpfs.yaml",
                                 "kind-manifests-claude-home-emptydir.yaml"},
       },
       SyncedWritesSurviveSigkill},
      {{
           .id = "PERS-004",
           .must = "Files written to /tmp or another tmpfs path MUST NOT survive re-creation of "
                   "the sandbox",
           .family = Family::kPersistence,
           .phase = Phase::kPortability,
           .severity = Severity::kMedium,
           .rationale =
               "Scratch space is where tools drop tokens, downloaded payloads and half-written "
               "secrets. If it outlives the sandbox (a host /tmp bind mount, a volume), the next "
               "session, or another user's, inherits them.",
           .remediation = "Mount /tmp as a tmpfs (seed 001: --tmpfs /tmp:size=512m), never as a "
                          "bind mount or volume.",
           .required_capabilities = {},
           .negative_controls = {"pers-tmp-bind.yaml"},
       },
       EphemeralPathsForgotten},
      {{
           .id = "PERS-005",
           .must = "Files one tenant writes to its volumes or bind mounts MUST NOT be visible in "
                   "another tenant's sandbox",
           .family = Family::kPersistence,
           .phase = Phase::kPortability,
           .severity = Severity::kCritical,
           .rationale =
               "A volume shared between tenants is a channel for history, tokens and poisoned "
               "settings (a hooks file in ~/.claude) from one user's agent to another's.",
           .remediation =
               "Put ${tenant} in the name of every volume, and give tenants no shared writable "
               "bind mount.",
           .required_capabilities = {},
           .negative_controls = {"pers-tenants-share-volume.yaml"},
       },
       TenantsKeptApart},
      {{
           .id = "PERS-006",
           .must = "A bind-mounted /workspace MUST show the agent's edits on the host at once, "
                   "and the host's edits in the sandbox",
           .family = Family::kPersistence,
           .phase = Phase::kPortability,
           .severity = Severity::kMedium,
           .rationale =
               "Seed 003 works on the host's project directory so the developer can review and "
               "commit what the agent did. A runtime that overlays the mount in memory "
               "(gVisor's overlay for bind mounts) or a read-only mount breaks that silently.",
           .remediation =
               "Bind-mount the project read-write at /workspace and, on gVisor, keep bind mounts "
               "out of the in-memory overlay (runsc --overlay2=root:... rather than all:memory).",
           .required_capabilities = {},
           .negative_controls = {"pers-workspace-readonly.yaml"},
       },
       WorkspaceSharedWithHost},
      {{
           .id = "PERS-007",
           .must = "A workspace bound at the host's own path MUST be the host's directory at that "
                   "path: the agent's edits there are on the host at once, and the host's in the "
                   "sandbox",
           .family = Family::kPersistence,
           .phase = Phase::kPortability,
           .severity = Severity::kMedium,
           .rationale =
               "Seed 002's sbx mounts the workspace at the same path inside the VM as on the "
               "host, so paths in the agent's output, in CLAUDE.md and in tool configs mean the "
               "same on both sides, and git push runs on the host over the agent's edits. A "
               "copy staged at that path (claude-sbx's staging directory) or another directory "
               "mounted there looks the same and is not live.",
           .remediation = "Bind-mount the project itself, read-write, at its own host path.",
           .required_capabilities = {},
           .negative_controls = {"pers-workspace-not-the-hosts.yaml"},
       },
       WorkspaceAtTheHostsPath},
  };
}

}  // namespace sandcheck
