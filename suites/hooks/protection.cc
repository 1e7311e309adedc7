#include "suites/hooks/protection.h"

#include <fmt/format.h>

#include <optional>
#include <set>

#include "suites/framework/probe_files.h"
#include "suites/hooks/hook_command.h"

namespace sandcheck {
namespace {

constexpr uint32_t kStickyBit = 01000;

nlohmann::json ObservationJson(const StatFacts& stat, const WriteFacts& write) {
  nlohmann::json json = {{"exists", stat.exists},
                         {"agent_writable", write.writable},
                         {"write_attempt", write.method},
                         {"write_error", write.error}};
  if (stat.uid) json["uid"] = *stat.uid;
  if (stat.mode) json["mode"] = fmt::format("{:04o}", *stat.mode);
  if (!stat.error.empty()) json["stat_error"] = stat.error;
  return json;
}

// Who, besides root, could chmod the path: its owner, when that is not root or is the agent.
std::optional<std::string> OwnerProblem(const StatFacts& stat, const std::string& path,
                                        uint32_t agent_uid) {
  if (!stat.uid) return fmt::format("the owner of {} is unknown", path);
  if (*stat.uid == agent_uid) {
    return fmt::format("{} is owned by the agent's own uid {}, so the agent can chmod it", path,
                       agent_uid);
  }
  if (*stat.uid != 0) return fmt::format("{} is owned by uid {}, not root", path, *stat.uid);
  return std::nullopt;
}

}  // namespace

std::vector<std::string> ProtectionProbeOptions(const std::vector<std::string>& paths) {
  std::vector<std::string> options = {"--only", "files,writable"};
  std::set<std::string> seen;
  auto observe = [&](const std::string& path) {
    if (!seen.insert(path).second) return;
    options.insert(options.end(), {"--exists", path, "--write", path});
  };
  for (const auto& path : paths) {
    observe(path);
    for (const auto& directory : AncestorDirectories(path)) observe(directory);
  }
  return options;
}

Result<Protection> JudgeProtection(const nlohmann::json& document, const std::string& path,
                                   uint32_t agent_uid) {
  Protection protection;
  ASSIGN_OR_RETURN(StatFacts stat, FindStat(document, path));
  ASSIGN_OR_RETURN(WriteFacts write, FindWrite(document, path));
  protection.evidence = ObservationJson(stat, write);
  if (!stat.exists) {
    protection.problems.push_back(fmt::format("{} does not exist ({})", path, stat.error));
    return protection;
  }
  if (auto owner = OwnerProblem(stat, path, agent_uid)) protection.problems.push_back(*owner);
  if (write.writable) {
    protection.problems.push_back(fmt::format("the agent opened {} for writing", path));
  }
  nlohmann::json directories = nlohmann::json::object();
  for (const auto& directory : AncestorDirectories(path)) {
    ASSIGN_OR_RETURN(StatFacts dir_stat, FindStat(document, directory));
    ASSIGN_OR_RETURN(WriteFacts dir_write, FindWrite(document, directory));
    directories[directory] = ObservationJson(dir_stat, dir_write);
    // In a sticky directory the agent may add files but not replace root's.
    bool sticky = dir_stat.mode && (*dir_stat.mode & kStickyBit);
    if (dir_write.writable && !sticky) {
      protection.problems.push_back(
          fmt::format("the agent can create files in {}, so it can replace {}", directory, path));
    }
    if (!dir_stat.exists) continue;
    if (auto owner = OwnerProblem(dir_stat, directory, agent_uid)) {
      protection.problems.push_back(fmt::format("{}, and so replace {}", *owner, path));
    }
  }
  protection.evidence["directories"] = directories;
  return protection;
}

}  // namespace sandcheck
