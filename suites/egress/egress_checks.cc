// EGR-001..010, CREDP-001..003, OBS-001..002: the checks, their promises and negative controls.
#include "suites/egress/egress_checks.h"

#include "suites/egress/credential_judges.h"
#include "suites/egress/direct_judges.h"
#include "suites/egress/observability_judges.h"
#include "suites/egress/proxy_judges.h"

namespace sandcheck {

using egress::ExerciseAndJudge;

namespace {

constexpr const char* kNoProxy = "egress-no-proxy.yaml";
constexpr const char* kCaNotInstalled = "egress-proxy-ca-not-installed.yaml";
constexpr const char* kRouteFix =
    "Put the sandbox on a network whose only member is the egress proxy (Docker: an internal "
    "network with the proxy as sidecar; sandcheck: proxies.egress), and give the proxy no "
    "forwarding.";

// Every check here needs the world; a deployment's proxy needs capability egress-proxy too,
// which only a deployment that declares one asks for (exercise.h: CannotJudge). Only family,
// phase and severity differ.
CheckInfo WorldCheck(std::string id, std::string must, std::string rationale,
                     std::string remediation, std::vector<std::string> controls, CheckFn fn,
                     Severity severity = Severity::kHigh, Family family = Family::kEgress,
                     Phase phase = Phase::kIsolation) {
  return CheckInfo{{
                       .id = std::move(id),
                       .must = std::move(must),
                       .family = family,
                       .phase = phase,
                       .severity = severity,
                       .rationale = std::move(rationale),
                       .remediation = std::move(remediation),
                       .required_capabilities = {CapabilityKind::kWorldNetwork},
                       .negative_controls = std::move(controls),
                   },
                   fn};
}

}  // namespace

std::vector<CheckInfo> EgressChecks() {
  return {
      WorldCheck("EGR-001",
                 "A TCP connection from the sandbox straight to a host that is not the proxy "
                 "MUST fail",
                 "An allowlist proxy only filters what goes through it. If the sandbox can open "
                 "TCP connections itself, any tool that ignores HTTP_PROXY walks around it.",
                 kRouteFix, {kNoProxy}, ExerciseAndJudge<egress::JudgeDirectTcp>,
                 Severity::kCritical),
      WorldCheck("EGR-002", "A UDP datagram from the sandbox MUST NOT reach any host of the world",
                 "UDP needs no handshake: one datagram is enough to carry a secret out, and no "
                 "HTTP proxy sees it.",
                 kRouteFix, {kNoProxy}, ExerciseAndJudge<egress::JudgeDirectUdp>,
                 Severity::kCritical),
      WorldCheck("EGR-003",
                 "ICMP echo from the sandbox (raw or ping socket) MUST NOT reach a host and come "
                 "back",
                 "ICMP payloads are a classic covert channel; Docker's default capabilities "
                 "keep CAP_NET_RAW, so raw sockets work unless the network stops them.",
                 std::string(kRouteFix) + " Drop CAP_NET_RAW as well.", {kNoProxy},
                 ExerciseAndJudge<egress::JudgeIcmp>),
      WorldCheck("EGR-004", "IPv6 connections from the sandbox MUST fail",
                 "Filters written for IPv4 (iptables without ip6tables, an IPv4-only proxy "
                 "route) often leave IPv6 open.",
                 std::string(kRouteFix) + " Give the sandbox no IPv6 route.", {kNoProxy},
                 ExerciseAndJudge<egress::JudgeIpv6>),
      WorldCheck("EGR-005",
                 "Even an allowlisted host MUST be unreachable without the proxy (a client that "
                 "unsets HTTP_PROXY gets nowhere)",
                 "Proxy environment variables are advice to well-behaved clients. The agent can "
                 "unset them; only the network's shape makes the proxy mandatory.",
                 kRouteFix, {kNoProxy}, ExerciseAndJudge<egress::JudgeBypassWithoutProxy>),
      WorldCheck("EGR-006",
                 "A host on the allowlist MUST be reachable through the egress proxy, over HTTP "
                 "and over HTTPS with the proxy's certificate verified by the sandbox's trust "
                 "store",
                 "The proxy is the sandbox's only way out; the seeds' allowlists name the model "
                 "API and the package registries the agent needs, which speak HTTPS. An "
                 "intercepting proxy whose CA the sandbox does not trust breaks every HTTPS "
                 "client, or teaches people to turn verification off. No proxy at all fails: "
                 "nothing filters.",
                 "Deploy the egress proxy (proxies.egress) with the hosts the agent needs on its "
                 "allowlist, and put its CA into the sandbox's trust store and "
                 "NODE_EXTRA_CA_CERTS (proxies.egress.install_ca).",
                 {kNoProxy, kCaNotInstalled}, ExerciseAndJudge<egress::JudgeAllowedThroughProxy>),
      WorldCheck("EGR-007",
                 "The proxy MUST refuse every host not on the allowlist (HTTP requests and HTTPS "
                 "CONNECTs), and the denied host and the canary MUST receive nothing",
                 "Deny by default is the whole point of the allowlist; a wildcard that is one "
                 "label too wide (*.example.test) admits the attacker's host.",
                 "List exact host names; use '*.suffix' only for domains you control entirely.",
                 {kNoProxy, "egress-wildcard-admits-canary.yaml"},
                 ExerciseAndJudge<egress::JudgeDeniedRefused>, Severity::kCritical),
      WorldCheck(
          "EGR-008", "DNS lookups of canary-named domains MUST NOT reach the canary's DNS server",
          "A lookup of <secret>.attacker.example carries the secret to the attacker's "
          "name server, through any resolver that forwards, or straight over UDP/53.",
          std::string(kRouteFix) + " Give the sandbox no resolver that forwards to the outside.",
          {kNoProxy}, ExerciseAndJudge<egress::JudgeDnsExfiltration>, Severity::kCritical),
      WorldCheck("EGR-009", "The cloud metadata address 169.254.169.254 MUST be unreachable",
                 "The metadata service hands out the host's cloud credentials to anyone who "
                 "asks from inside the VM.",
                 std::string(kRouteFix) + " Block 169.254.169.254 on the host too.", {kNoProxy},
                 ExerciseAndJudge<egress::JudgeMetadata>, Severity::kCritical),
      WorldCheck(
          "EGR-010", "The proxy's admin or control port MUST be unreachable from the sandbox",
          "Whoever reaches the proxy's control port can change its rules or read its "
          "flows, including other sandboxes' secrets (mitmweb's UI, an admin API).",
          "Firewall the proxy so the sandbox's side reaches only the proxy port; bind "
          "admin interfaces to the host side.",
          {"egress-admin-port-exposed.yaml"}, ExerciseAndJudge<egress::JudgeAdminPortClosed>),
  };
}

std::vector<CheckInfo> CredentialProxyChecks() {
  return {
      WorldCheck(
          "CREDP-001",
          "The credential proxy's key MUST NOT appear anywhere inside the sandbox (files, "
          "environments)",
          "The point of injecting at the proxy is that the agent never holds the key: what it "
          "does not have, a prompt injection cannot make it leak.",
          "Keep the key in the proxy's environment on the host side "
          "(proxies.credentials.key_from_env); never pass it to the sandbox.",
          {"credp-key-in-env.yaml"}, egress::KeyNeverInSandbox, Severity::kCritical,
          Family::kCredentials),
      WorldCheck("CREDP-002",
                 "The model API MUST receive the key, added by the proxy, on requests the sandbox "
                 "sent without it, over HTTP and over HTTPS",
                 "Proves the injection path works, so nobody is tempted to hand the key to the "
                 "sandbox after all. Claude Code talks to https://api.anthropic.com: injection "
                 "that only works on plain HTTP is no injection.",
                 "Add an injection rule: proxies.credentials.inject: [{host: api.anthropic.com, "
                 "header: x-api-key}], and let the sandbox trust the proxy's CA so it can "
                 "intercept HTTPS (proxies.egress.install_ca).",
                 {"credp-key-in-env.yaml", kCaNotInstalled},
                 ExerciseAndJudge<egress::JudgeKeyInjectedByProxy>, Severity::kCritical,
                 Family::kCredentials),
      WorldCheck("CREDP-003", "Requests to any other host MUST NOT carry the key",
                 "An injection rule wider than the API host (a wildcard, a missing host match) "
                 "sends the key to every allowlisted host, including one the attacker controls.",
                 "Match injection rules to exact host names.", {"credp-broad-injection.yaml"},
                 ExerciseAndJudge<egress::JudgeKeyOnlyToItsHosts>, Severity::kCritical,
                 Family::kCredentials),
  };
}

std::vector<CheckInfo> ObservabilityChecks() {
  return {
      WorldCheck(
          "OBS-001",
          "Every request the sandbox made, HTTP and HTTPS (its CONNECT and the requests in the "
          "tunnel), MUST appear in the proxy's flow log",
          "The three-phase seed's phase 02: the proxy's log is how a reviewer sees what the "
          "agent did on the network. A request missing from it is invisible.",
          "Run the egress proxy with its flow log on (proxies.egress.flow_log: true) and keep "
          "the log outside the sandbox.",
          {kNoProxy, "obs-no-flow-log.yaml"}, ExerciseAndJudge<egress::JudgeEveryRequestLogged>,
          Severity::kHigh, Family::kObservability, Phase::kObservability),
      WorldCheck("OBS-002",
                 "What the world's hosts received over HTTP and HTTPS MUST match the flow log "
                 "exactly: no unlogged traffic",
                 "A log is only evidence if nothing bypasses it: every connection a host saw must "
                 "be a logged, forwarded request, and every forwarded request must have arrived.",
                 "Make the proxy the sandbox's only route (see EGR-001) and keep its flow log on.",
                 {kNoProxy, "obs-no-flow-log.yaml"},
                 ExerciseAndJudge<egress::JudgeNoUnloggedTraffic>, Severity::kHigh,
                 Family::kObservability, Phase::kObservability),
  };
}

}  // namespace sandcheck
