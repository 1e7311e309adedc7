#include "suites/egress/allowlist_reload.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <thread>

#include "suites/egress/exercise.h"
#include "suites/framework/probe.h"

namespace sandcheck::egress {
namespace {

std::string Describe(const ReloadAttempt& attempt) {
  return fmt::format("{} {} the reload", attempt.name, attempt.after_reload ? "after" : "before");
}

bool Passed(const ReloadAttempt& attempt) {
  return attempt.response && !IsProxyRefusal(*attempt.response) && attempt.host_received;
}

bool Refused(const ReloadAttempt& attempt) {
  return attempt.response && IsProxyRefusal(*attempt.response) && !attempt.host_received;
}

// Sends `names` through the proxy, each with a marker path, and reads what the world's hosts
// received.
Result<std::vector<ReloadAttempt>> Send(Sandbox& sandbox, const WorldView& world,
                                        const std::vector<std::string>& names, bool after_reload,
                                        Duration timeout) {
  const ProxyEndpoint& proxy = *world.proxy();
  std::vector<std::string> options = {"--only", "connect"};
  std::vector<std::string> paths;
  for (const std::string& name : names) {
    paths.push_back(fmt::format("/sandcheck/{}/reload/{}-{}", sandbox.name(),
                                after_reload ? "after" : "before", name));
    options.insert(options.end(), {"--http-get", fmt::format("{}:{}=http://{}{}", proxy.address,
                                                             proxy.port, name, paths.back())});
  }
  ASSIGN_OR_RETURN(nlohmann::json document, RunProbe(sandbox, options, timeout));
  // A connection the probe closed is recorded a little after the probe returns.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::vector<HostReceipt> received = world.WebReceived();
  std::vector<ReloadAttempt> attempts;
  for (size_t i = 0; i < names.size(); ++i) {
    ReloadAttempt attempt;
    attempt.name = names[i];
    attempt.after_reload = after_reload;
    attempt.should_pass = names[i] == (after_reload ? kReloadAdded : kReloadRemoved);
    for (const auto& http : document.at("egress").at("http")) {
      if (http.value("url", "").ends_with(paths[i]) && http.at("response").is_string()) {
        attempt.response = ParseHttpResponse(http.at("response").get<std::string>());
      }
    }
    for (const HostReceipt& receipt : received) {
      attempt.host_received = attempt.host_received || receipt.receipt.target == paths[i];
    }
    attempts.push_back(attempt);
  }
  return attempts;
}

}  // namespace

CheckResult JudgeAllowlistReload(const std::vector<ReloadAttempt>& attempts,
                                 ResultBuilder& result) {
  std::vector<std::string> problems;
  for (const ReloadAttempt& attempt : attempts) {
    result.evidence()["attempts"][Describe(attempt)] = {
        {"status", attempt.response ? attempt.response->status : 0},
        {"refused_by_proxy", attempt.response && IsProxyRefusal(*attempt.response)},
        {"host_received", attempt.host_received}};
    bool as_said = attempt.should_pass ? Passed(attempt) : Refused(attempt);
    if (as_said) continue;
    if (!attempt.after_reload) {
      return result.Error(fmt::format(
          "{}: the allowlist before the reload does not admit it, so removing it cannot show "
          "anything",
          Describe(attempt)));
    }
    problems.push_back(
        attempt.should_pass
            ? fmt::format("{}, added to the file, is not reachable after the reload", attempt.name)
            : fmt::format("{}, removed from the file, is still admitted after the "
                          "reload: a stale rule",
                          attempt.name));
  }
  if (!problems.empty()) return result.Fail(fmt::format("{}", fmt::join(problems, "; ")));
  return result.Pass(fmt::format(
      "after the reload the proxy refuses {} (removed from the file) and forwards to {} (added)",
      kReloadRemoved, kReloadAdded));
}

CheckResult AllowlistReloadLeavesNoStaleRule(CheckContext& context) {
  ResultBuilder result(context.check().id);
  if (auto early = CannotJudge(context, result)) return *early;
  if (!context.deployment().proxies.egress) {
    return result.NotApplicable("the deployment has no egress proxy: no allowlist to reload");
  }
  auto sandbox = context.AcquireFresh("allowlist-reload");
  if (!sandbox.ok()) return result.Error(sandbox.error());
  const WorldView* world = (*sandbox)->world();
  if (world == nullptr || !world->proxy()) {
    return result.Error("the sandbox has no world view with a proxy");
  }
  std::vector<std::string> names = {std::string(kReloadRemoved), std::string(kReloadAdded)};
  Duration timeout = context.timeouts().exec;
  auto before = Send(**sandbox, *world, {names[0]}, false, timeout);
  if (!before.ok()) return result.Error(before.error());
  if (Status reload = world->ReloadAllowlist({std::string(kReloadAdded)}); !reload.ok()) {
    return result.Error(reload.error());
  }
  auto after = Send(**sandbox, *world, names, true, timeout);
  if (!after.ok()) return result.Error(after.error());
  std::vector<ReloadAttempt> attempts = std::move(*before);
  attempts.insert(attempts.end(), after->begin(), after->end());
  return JudgeAllowlistReload(attempts, result);
}

}  // namespace sandcheck::egress
