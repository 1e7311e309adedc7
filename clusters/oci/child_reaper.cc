#include "clusters/oci/child_reaper.h"

#include <sys/prctl.h>
#include <sys/wait.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/fs_util.h"

namespace sandcheck {
namespace {

std::vector<pid_t> ChildrenOfThisProcess() {
  std::vector<pid_t> children;
  std::error_code ec;
  // Each thread has its own list: a child belongs to the thread that forked or adopted it.
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", ec)) {
    std::ifstream list(task.path() / "children");
    for (pid_t pid; list >> pid;) children.push_back(pid);
  }
  return children;
}

bool InContainerCgroup(pid_t pid, std::string_view container_id) {
  auto text = ReadFile("/proc/" + std::to_string(pid) + "/cgroup");
  if (!text.ok()) return false;
  // Lines are "<hierarchy>:<controllers>:<path>"; match a whole path component.
  std::istringstream lines(*text);
  for (std::string line; std::getline(lines, line);) {
    std::filesystem::path path = line.substr(line.find(':', line.find(':') + 1) + 1);
    for (const auto& part : path) {
      if (part == container_id) return true;
    }
  }
  return false;
}

}  // namespace

Status BecomeChildSubreaper() {
  if (::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
    return Fail("prctl(PR_SET_CHILD_SUBREAPER): {}", std::strerror(errno));
  }
  return Status::Ok();
}

std::vector<pid_t> ChildrenInContainerCgroup(std::string_view container_id) {
  std::vector<pid_t> found;
  for (pid_t pid : ChildrenOfThisProcess()) {
    if (InContainerCgroup(pid, container_id)) found.push_back(pid);
  }
  return found;
}

Status ReapChildren(const std::vector<pid_t>& pids, Duration timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::vector<pid_t> waiting = pids;
  auto pause = std::chrono::microseconds(200);
  while (true) {
    std::erase_if(waiting, [](pid_t pid) {
      int status = 0;
      pid_t r = ::waitpid(pid, &status, WNOHANG);
      return r == pid || (r < 0 && errno == ECHILD);  // reaped, or not ours to reap
    });
    if (waiting.empty()) return Status::Ok();
    if (std::chrono::steady_clock::now() >= deadline) {
      return Fail("processes {} still running after {} ms", fmt::join(waiting, ","),
                  timeout.count());
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(20000));
  }
}

}  // namespace sandcheck
