// DNS as a channel (EGR-015): lookups shaped the way DNS tunnels carry data (a full 63-byte
// label, thirty labels, a TXT query) for names in the canary's zone, each sent to the world's
// resolver (the one /etc/resolv.conf names), to a resolver beside the proxy (where container
// engines put an embedded one) and to the canary's own name server (a resolver the agent names
// itself). Judged by the world's resolver log and the canary's DNS sink: a resolver that sees a
// query recurses, in the real world, to the name server of the zone, the attacker's.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "servers/udp_sink.h"
#include "suites/framework/check.h"
#include "suites/framework/check_context.h"

namespace sandcheck::egress {

struct DnsChannelQuery {
  std::string shape;   // "long-label", "many-labels", "txt"
  std::string tag;     // the label that identifies it in a log: "long-<hash>"
  std::string option;  // the probe's --dns-query value without "@SERVER"
};

struct DnsChannelRun {
  std::vector<DnsChannelQuery> queries;
  std::vector<std::string> servers;                // "dns 198.18.0.53", for the summary
  nlohmann::json probe = nlohmann::json::array();  // the probe's egress.dns
  std::string resolver_log;
  std::vector<Datagram> canary_dns;
};

// The queries for a sandbox whose lookups carry `nonce`.
std::vector<DnsChannelQuery> DnsChannelQueries(const std::string& nonce);

Result<DnsChannelRun> RunDnsChannel(CheckContext& context);

CheckResult JudgeDnsChannel(const DnsChannelRun& run, ResultBuilder& result);  // EGR-015

CheckResult DnsChannelCheck(CheckContext& context);

}  // namespace sandcheck::egress
