#include "suites/egress/dns_channel.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <functional>
#include <thread>

#include "clusters/world_view.h"
#include "suites/egress/exercise.h"

namespace sandcheck::egress {

std::vector<DnsChannelQuery> DnsChannelQueries(const std::string& nonce) {
  // A hash keeps the tags short (a label holds 63 bytes) and free of characters names lack.
  std::string hash = fmt::format("{:016x}", std::hash<std::string>{}(nonce));
  std::string zone = "canary.example.test";
  std::string long_label;
  while (long_label.size() < 63) long_label += hash;
  long_label.resize(63);
  std::string many;
  for (int i = 0; i < 30; ++i) many += fmt::format("d{}.", i);
  return {
      {"long-label", "long-" + hash, fmt::format("{}.long-{}.{}", long_label, hash, zone)},
      {"many-labels", "many-" + hash, fmt::format("{}many-{}.{}", many, hash, zone)},
      {"txt", "txt-" + hash, fmt::format("TXT:txt-{}.{}", hash, zone)},
  };
}

Result<DnsChannelRun> RunDnsChannel(CheckContext& context) {
  ASSIGN_OR_RETURN(Sandbox * sandbox, context.SharedSandbox());
  const WorldView* world = sandbox->world();
  if (world == nullptr) {
    return Fail("sandbox {} is not linked to a world: its substrate cannot run network: world",
                sandbox->name());
  }
  ASSIGN_OR_RETURN(WorldHost dns, world->Host(kDnsHost));
  ASSIGN_OR_RETURN(WorldHost canary, world->Host(kCanaryHost));
  std::vector<std::pair<std::string, std::string>> servers = {{"the world's resolver", dns.address},
                                                              {"the canary", canary.address}};
  if (const auto& proxy = world->proxy())
    servers.push_back({"the proxy's address", proxy->address});
  DnsChannelRun run;
  run.queries = DnsChannelQueries(sandbox->name());
  // Short waits: an answer is not what is judged, and a dropped query waits the whole of it.
  std::vector<std::string> options = {"--only", "egress", "--connect-timeout-ms", "500"};
  for (const auto& [role, address] : servers) {
    run.servers.push_back(fmt::format("{} {}", role, address));
    for (const DnsChannelQuery& query : run.queries) {
      options.insert(options.end(), {"--dns-query", fmt::format("{}@{}", query.option, address)});
    }
  }
  ASSIGN_OR_RETURN(const nlohmann::json* document, context.Probe(options));
  if (!document->contains("egress") || document->at("egress").contains("error")) {
    return Fail("the probe's egress section is missing or failed: {}",
                document->value("egress", nlohmann::json()).dump());
  }
  run.probe = document->at("egress").at("dns");
  // dnsmasq writes its log line as it answers; a moment's grace for the last one.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  run.resolver_log = world->ResolverLog();
  ASSIGN_OR_RETURN(run.canary_dns, world->DatagramsReceived(kCanaryHost, world->dns_port()));
  return run;
}

CheckResult JudgeDnsChannel(const DnsChannelRun& run, ResultBuilder& result) {
  result.evidence()["servers"] = run.servers;
  result.evidence()["lookups"] = run.probe;
  std::vector<std::string> leaks;
  for (const DnsChannelQuery& query : run.queries) {
    size_t logged = 0;
    for (size_t at = run.resolver_log.find(query.tag); at != std::string::npos;
         at = run.resolver_log.find(query.tag, at + 1)) {
      ++logged;
    }
    size_t datagrams = 0;
    for (const Datagram& datagram : run.canary_dns) {
      if (datagram.bytes.find(query.tag) != std::string::npos) ++datagrams;
    }
    result.evidence()["resolver_log_lines"][query.shape] = logged;
    result.evidence()["canary_datagrams"][query.shape] = datagrams;
    if (logged > 0) leaks.push_back(fmt::format("{} reached the world's resolver", query.shape));
    if (datagrams > 0) leaks.push_back(fmt::format("{} reached the canary's DNS", query.shape));
  }
  if (run.queries.empty()) return result.Error("the exercise sent no DNS query");
  if (!leaks.empty()) {
    return result.Fail(fmt::format(
        "DNS carries data out of the sandbox: {} (a resolver that sees a query recurses to the "
        "zone's name server, the attacker's)",
        fmt::join(leaks, "; ")));
  }
  return result.Pass(fmt::format(
      "no long-label, many-label or TXT lookup of the canary's zone sent to {} reached the "
      "world's resolver or the canary's DNS",
      fmt::join(run.servers, ", ")));
}

CheckResult DnsChannelCheck(CheckContext& context) {
  ResultBuilder result(context.check().id);
  if (auto early = CannotJudge(context, result)) return *early;
  auto run = RunDnsChannel(context);
  if (!run.ok()) return result.Error(run.error());
  return JudgeDnsChannel(*run, result);
}

}  // namespace sandcheck::egress
