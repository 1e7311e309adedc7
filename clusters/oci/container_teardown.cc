#include "clusters/oci/container_teardown.h"

#include <signal.h>

#include <algorithm>

#include "clusters/oci/child_reaper.h"
#include "clusters/oci/host_cgroups.h"

namespace sandcheck {
namespace {

Result<bool> IsListed(const RuntimeCli& runtime, const std::string& id) {
  ASSIGN_OR_RETURN(auto containers, runtime.List());
  return std::any_of(containers.begin(), containers.end(),
                     [&](const ListedContainer& c) { return c.id == id; });
}

}  // namespace

Status RemoveContainer(const RuntimeCli& runtime, const std::string& id,
                       const std::vector<pid_t>& known_pids) {
  std::vector<pid_t> pids = known_pids;
  for (pid_t pid : ChildrenInContainerCgroup(id)) {
    if (std::find(pids.begin(), pids.end(), pid) == pids.end()) pids.push_back(pid);
  }
  // Reaping between kill and delete matters: runtimes poll until the init is gone, and an
  // unreaped zombie looks alive to some (runsc waits a second for it). A container that
  // cannot be killed (runsc refuses `kill` before `start`) is killed by `delete --force`.
  Status killed = runtime.Kill(id, SIGKILL);
  Status reaped = killed.ok() ? ReapChildren(pids, runtime.timeouts().cleanup_step) : Status::Ok();
  // A sandbox that died on its own cannot be killed (runsc stops the whole sandbox at its pids
  // limit): reap what already exited all the same, or runsc's delete waits 5 s on the zombie.
  if (!killed.ok()) (void)ReapChildren(pids, Duration(0));
  Status deleted = runtime.Delete(id);
  if (!killed.ok()) reaped = ReapChildren(pids, runtime.timeouts().cleanup_step);
  if (!deleted.ok()) {
    auto listed = IsListed(runtime, id);
    bool gone = listed.ok() && !*listed;  // never created, or already deleted
    if (!gone) {
      std::string why = deleted.message();
      if (!killed.ok()) why += "; kill failed too: " + killed.message();
      return Error{why};
    }
  }
  RETURN_IF_ERROR(reaped);
  return RemoveContainerCgroups(id);
}

}  // namespace sandcheck
