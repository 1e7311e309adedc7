// Container processes outlive the runtime command that started them (runc create, crun
// create, runsc create all exit and leave the container's init, or runsc's sandbox and
// gofer, behind). Orphans go to the nearest child subreaper, else PID 1, which on some
// hosts never reaps: the runtime then sees a zombie init and may wait on it. sandcheck
// makes itself a subreaper and reaps exactly the processes of its containers, which it
// recognises by their cgroup, never by a blanket waitpid(-1) that would steal the exit
// status of a runtime command the process runner is waiting for.
#pragma once

#include <sys/types.h>

#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/timeouts.h"

namespace sandcheck {

// PR_SET_CHILD_SUBREAPER for this process (process-wide and inherited by nothing).
Status BecomeChildSubreaper();

// Live children of this process whose cgroup path has `container_id` as a component (a
// zombie has left its cgroup, so call this while the container still runs).
std::vector<pid_t> ChildrenInContainerCgroup(std::string_view container_id);

// Waits until every pid in `pids` that is a child of this process has exited and reaps it.
// Fails naming the pids still running at the deadline.
Status ReapChildren(const std::vector<pid_t>& pids, Duration timeout);

}  // namespace sandcheck
