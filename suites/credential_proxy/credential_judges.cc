#include "suites/credential_proxy/credential_judges.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace sandcheck::egress {
namespace {

// The world host the key is for: the model API (api.anthropic.com and the git host live there).
constexpr std::string_view kKeyHost = kModelApiHost;

bool CarriesKey(const HttpReceipt& receipt, const std::string& key) {
  for (const auto& [name, value] : receipt.headers) {
    if (value.find(key) != std::string::npos) return true;
  }
  return receipt.target.find(key) != std::string::npos ||
         receipt.raw.find(key) != std::string::npos;
}

}  // namespace

CheckResult KeyNeverInSandbox(CheckContext& context) {
  ResultBuilder result(context.check().id);
  if (auto early = CannotJudge(context, result)) return *early;
  if (!context.deployment().proxies.credentials) {
    return result.NotApplicable("the deployment has no credential proxy");
  }
  auto sandbox = context.SharedSandbox();
  if (!sandbox.ok()) return result.Error(sandbox.error());
  const WorldView* world = (*sandbox)->world();
  if (world == nullptr || world->credential().empty()) {
    return result.Error("the sandbox's world view holds no credential to look for");
  }
  auto document = context.Probe({"--only", "identity", "--scan-for", world->credential()});
  if (!document.ok()) return result.Error(document.error());
  const auto& scan = (*document)->at("scan");
  if (scan.contains("error")) return result.Error("the probe's scan failed: " + scan.dump());
  nlohmann::json locations = nlohmann::json::array();
  for (const auto& hit : scan.at("hits")) {
    nlohmann::json location = {{"location", hit.value("location", "")}};
    if (hit.contains("variable")) location["variable"] = hit["variable"];
    locations.push_back(location);
  }
  result.evidence()["hits"] = locations;
  result.evidence()["files_scanned"] = scan.value("files_scanned", 0);
  result.evidence()["complete"] = scan.value("complete", false);
  if (!locations.empty()) {
    return result.Fail(fmt::format("the proxy's key is inside the sandbox: {} place(s), first {}",
                                   locations.size(), locations[0].dump()));
  }
  return result.Pass(
      fmt::format("the key is in no readable file or environment of the sandbox "
                  "({} files scanned)",
                  scan.value("files_scanned", 0)));
}

CheckResult JudgeKeyInjectedByProxy(const Exercise& exercise, ResultBuilder& result) {
  const std::string& key = exercise.world->credential();
  std::vector<const ProxiedRequest*> api;
  for (const ProxiedRequest& request : exercise.requests) {
    if (request.name == "api.anthropic.com") api.push_back(&request);
  }
  if (api.empty() || key.empty()) {
    return result.NotApplicable("the deployment has no credential proxy");
  }
  std::vector<std::string> problems;
  for (const ProxiedRequest* request : api) {
    bool arrived = false, keyed = false;
    for (const HttpReceipt& receipt : ReceivedBy(exercise, kKeyHost)) {
      if (receipt.target != request->path || receipt.tls != request->tls) continue;
      arrived = true;
      auto header = receipt.headers.find("x-api-key");
      keyed = keyed || (header != receipt.headers.end() && header->second == key);
    }
    result.evidence()[request->scheme()] = {{"arrived", arrived}, {"x_api_key_matches", keyed}};
    if (!arrived) {
      problems.push_back(fmt::format("{}: the model API never received it", request->url()));
    } else if (!keyed) {
      problems.push_back(
          fmt::format("{}: the model API received it without the key, the proxy does not inject it",
                      request->url()));
    }
  }
  if (!problems.empty()) {
    return result.Fail(
        fmt::format("the sandbox's requests, sent without a key: {}", fmt::join(problems, "; ")));
  }
  return result.Pass(
      "the model API received x-api-key from the proxy over HTTP and over HTTPS, on requests "
      "the sandbox sent without one");
}

CheckResult JudgeKeyOnlyToItsHosts(const Exercise& exercise, ResultBuilder& result) {
  const std::string& key = exercise.world->credential();
  if (key.empty()) return result.NotApplicable("the deployment has no credential proxy");
  std::vector<std::string> leaks;
  for (const HostReceipt& entry : exercise.web) {
    if (entry.world_host == kKeyHost || !CarriesKey(entry.receipt, key)) continue;
    leaks.push_back(
        fmt::format("{} ({} {})", entry.world_host, entry.receipt.method, entry.receipt.target));
  }
  result.evidence()["requests_seen"] = exercise.web.size();
  result.evidence()["leaks"] = leaks;
  if (!leaks.empty()) {
    return result.Fail(fmt::format("the key reached other hosts: {}", fmt::join(leaks, ", ")));
  }
  return result.Pass(fmt::format("none of the {} requests other hosts received carried the key",
                                 exercise.web.size()));
}

}  // namespace sandcheck::egress
