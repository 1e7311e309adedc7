#include "suites/bench/bare_runtime.h"

#include <signal.h>

#include "clusters/oci/bundle_config.h"
#include "clusters/oci/child_reaper.h"
#include "clusters/oci/container_teardown.h"
#include "clusters/oci/overlay_mount.h"
#include "core/fs_util.h"
#include "core/log.h"

namespace sandcheck::bench {

Result<std::unique_ptr<PreparedBundle>> PreparedBundle::Create(
    const OciSubstrate& substrate, const std::filesystem::path& lower, const Deployment& deployment,
    const std::string& id, const std::vector<std::string>& exec_argv) {
  auto bundle = std::unique_ptr<PreparedBundle>(new PreparedBundle);
  bundle->id_ = id;  // the container id too: its cgroup is named after it, like sandcheck's
  bundle->paths_.dir = substrate.layout().run(substrate.run_id()) / id;  // swept with the run
  for (const auto& dir : {bundle->paths_.rootfs(), bundle->paths_.upper(), bundle->paths_.work()}) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return Fail("create {}: {}", dir.string(), ec.message());
  }
  RETURN_IF_ERROR(MountOverlay({lower, bundle->paths_.upper(), bundle->paths_.work()},
                               bundle->paths_.rootfs()));
  bundle->mounted_ = true;
  BundleConfigInputs inputs;
  inputs.container_id = id;
  inputs.volumes_dir = substrate.layout().volumes();
  ASSIGN_OR_RETURN(auto config, BundleConfig(deployment, inputs));
  RETURN_IF_ERROR(WriteFile(bundle->paths_.config(), config.dump(2), 0644));
  auto process = ProcessConfig(deployment, exec_argv, deployment.user);
  RETURN_IF_ERROR(WriteFile(bundle->exec_process(), process.dump(), 0600));
  return bundle;
}

PreparedBundle::~PreparedBundle() {
  if (mounted_) {
    Status unmounted = Unmount(paths_.rootfs());
    if (!unmounted.ok()) SC_WARN("bench bundle {}: {}", id_, unmounted.message());
  }
  Status removed = RemoveTreeWithoutMounts(paths_.dir);
  if (!removed.ok()) SC_WARN("bench bundle {}: {}", id_, removed.message());
}

BareContainer::~BareContainer() {
  if (exists_) (void)Remove();
}

Status BareContainer::CreateAndStart() {
  exists_ = true;  // a failed create may still leave state for Remove to clear
  RETURN_IF_ERROR(runtime_->Create(bundle_.id(), bundle_.paths()));
  RETURN_IF_ERROR(runtime_->Start(bundle_.id()));
  pids_ = ChildrenInContainerCgroup(bundle_.id());
  return Status::Ok();
}

Status BareContainer::Exec() const {
  auto spec =
      runtime_->ExecSpec(bundle_.id(), bundle_.exec_process(), runtime_->timeouts().exec, "");
  ASSIGN_OR_RETURN(ProcessOutcome outcome, RunChecked(spec));
  return Status::Ok();
}

Status BareContainer::Remove() {
  exists_ = false;
  Status killed = runtime_->Kill(bundle_.id(), SIGKILL);
  Status reaped = ReapChildren(pids_, runtime_->timeouts().cleanup_step);
  Status deleted = runtime_->Delete(bundle_.id());
  if (killed.ok() && reaped.ok() && deleted.ok()) return Status::Ok();
  // Whatever failed, leave nothing behind for the next repetition (same container id).
  Status fallback = RemoveContainer(*runtime_, bundle_.id(), pids_);
  return Fail("bare teardown of {}: {}{}{}{}", bundle_.id(), killed.ok() ? "" : killed.message(),
              reaped.ok() ? "" : " " + reaped.message(),
              deleted.ok() ? "" : " " + deleted.message(),
              fallback.ok() ? "" : "; cleanup: " + fallback.message());
}

Status BareRun(const RuntimeCli& runtime, const PreparedBundle& bundle) {
  ProcessSpec spec;
  spec.argv = runtime.Argv({"run", "--bundle", bundle.paths().dir.string(), bundle.id()});
  spec.timeout = runtime.timeouts().exec;
  ASSIGN_OR_RETURN(ProcessOutcome outcome, RunChecked(spec));
  return Status::Ok();
}

Status ForkExec(const std::vector<std::string>& argv) {
  ProcessSpec spec;
  spec.argv = argv;
  spec.timeout = std::chrono::seconds(10);
  ASSIGN_OR_RETURN(ProcessOutcome outcome, RunChecked(spec));
  return Status::Ok();
}

}  // namespace sandcheck::bench
