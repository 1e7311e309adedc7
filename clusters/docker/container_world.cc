#include "clusters/docker/container_world.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <nlohmann/json.hpp>

#include "core/process.h"

namespace sandcheck {
namespace {

using nlohmann::json;

// `ip -n <ns> -j <args...>`, parsed.
Result<json> IpJson(const std::string& ns, std::vector<std::string> args, Duration timeout) {
  ProcessSpec spec;
  spec.argv = {IpProgram(), "-n", ns, "-j"};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.timeout = timeout;
  ASSIGN_OR_RETURN(ProcessOutcome outcome, RunChecked(spec));
  json parsed = json::parse(outcome.out, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_array()) {
    return Fail("ip -n {} -j {}: not a JSON array: {}", ns, fmt::join(args, " "),
                outcome.out.substr(0, 300));
  }
  return parsed;
}

// The `ip` commands that give eth0 in its new namespace what it had in the staged one: moving
// a link to another namespace drops its addresses and routes.
Result<std::vector<std::string>> RecreateCommands(const std::string& staged, Duration timeout) {
  ASSIGN_OR_RETURN(json links, IpJson(staged, {"-4", "addr", "show", "dev", "eth0"}, timeout));
  ASSIGN_OR_RETURN(json routes, IpJson(staged, {"-4", "route", "show", "dev", "eth0"}, timeout));
  std::vector<std::string> commands = {"link set lo up"};
  for (const json& link : links) {
    for (const json& address : link.value("addr_info", json::array())) {
      commands.push_back(fmt::format("addr add {}/{} dev eth0", address.value("local", ""),
                                     address.value("prefixlen", 0)));
    }
  }
  if (commands.size() == 1) return Fail("network namespace {} has no IPv4 address on eth0", staged);
  commands.push_back("link set eth0 up");
  for (const json& route : routes) {
    // The kernel makes the prefix route itself when the address is added.
    if (route.value("protocol", "") == "kernel") continue;
    std::string via = route.contains("gateway") ? " via " + route.value("gateway", "") : "";
    commands.push_back(fmt::format("route add {}{} dev eth0", route.value("dst", ""), via));
  }
  return commands;
}

}  // namespace

Result<NetNamespace> MoveWorldLink(const std::filesystem::path& staged, pid_t pid, std::string name,
                                   const std::filesystem::path& registry, Duration timeout) {
  std::string staged_name = staged.filename().string();
  ASSIGN_OR_RETURN(std::vector<std::string> commands, RecreateCommands(staged_name, timeout));
  ASSIGN_OR_RETURN(NetNamespace container,
                   NetNamespace::Attach(std::move(name), pid, registry, timeout));
  RETURN_IF_ERROR(
      RunIp({"-n", staged_name, "link", "set", "eth0", "netns", container.name()}, timeout));
  RETURN_IF_ERROR(container.IpBatch(commands));
  return container;
}

}  // namespace sandcheck
