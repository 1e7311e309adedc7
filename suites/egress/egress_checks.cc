// EGR-001..010: the checks, their promises and negative controls.
#include "suites/egress/egress_checks.h"

#include "suites/egress/allowlist_reload.h"
#include "suites/egress/bypass_judges.h"
#include "suites/egress/direct_judges.h"
#include "suites/egress/dns_channel.h"
#include "suites/egress/proxy_judges.h"
#include "suites/egress/world_check.h"

namespace sandcheck {

using egress::BypassAndJudge;
using egress::ExerciseAndJudge;
using egress::kCaNotInstalledControl;
using egress::kNoProxyControl;

// The native substrate's: a bwrap line that keeps the world's network (docs/native-sandbox.md).
constexpr const char* kNativeNetworkOpen = "native-bwrap-network-open.yaml";
using egress::kRouteFix;
using egress::WorldCheck;

namespace {

// What the allowlist admits is read from the harness's own proxy: a substrate that cannot put
// it in front of the sandbox (a command wrapper) cannot show it, and says why.
CheckInfo ThroughTheProxy(CheckInfo check) {
  check.required_capabilities.push_back(CapabilityKind::kEgressProxy);
  return check;
}

}  // namespace

std::vector<CheckInfo> EgressChecks() {
  return {
      WorldCheck("EGR-001",
                 "A TCP connection from the sandbox straight to a host that is not the proxy "
                 "MUST fail",
                 "An allowlist proxy only filters what goes through it. If the sandbox can open "
                 "TCP connections itself, any tool that ignores HTTP_PROXY walks around it.",
                 kRouteFix, {kNoProxyControl, kNativeNetworkOpen},
                 ExerciseAndJudge<egress::JudgeDirectTcp>, Severity::kCritical),
      WorldCheck("EGR-002", "A UDP datagram from the sandbox MUST NOT reach any host of the world",
                 "UDP needs no handshake: one datagram is enough to carry a secret out, and no "
                 "HTTP proxy sees it.",
                 kRouteFix, {kNoProxyControl, kNativeNetworkOpen},
                 ExerciseAndJudge<egress::JudgeDirectUdp>, Severity::kCritical),
      WorldCheck("EGR-003",
                 "ICMP echo from the sandbox (raw or ping socket) MUST NOT reach a host and come "
                 "back",
                 "ICMP payloads are a classic covert channel; Docker's default capabilities "
                 "keep CAP_NET_RAW, so raw sockets work unless the network stops them.",
                 std::string(kRouteFix) + " Drop CAP_NET_RAW as well.",
                 {kNoProxyControl, kNativeNetworkOpen}, ExerciseAndJudge<egress::JudgeIcmp>),
      WorldCheck("EGR-004", "IPv6 connections from the sandbox MUST fail",
                 "Filters written for IPv4 (iptables without ip6tables, an IPv4-only proxy "
                 "route) often leave IPv6 open.",
                 std::string(kRouteFix) + " Give the sandbox no IPv6 route.",
                 {kNoProxyControl, kNativeNetworkOpen}, ExerciseAndJudge<egress::JudgeIpv6>),
      WorldCheck("EGR-005",
                 "Even an allowlisted host MUST be unreachable without the proxy (a client that "
                 "unsets HTTP_PROXY gets nowhere)",
                 "Proxy environment variables are advice to well-behaved clients. The agent can "
                 "unset them; only the network's shape makes the proxy mandatory.",
                 kRouteFix, {kNoProxyControl, kNativeNetworkOpen},
                 ExerciseAndJudge<egress::JudgeBypassWithoutProxy>),
      ThroughTheProxy(WorldCheck(
          "EGR-006",
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
          {kNoProxyControl, kCaNotInstalledControl},
          ExerciseAndJudge<egress::JudgeAllowedThroughProxy>)),
      ThroughTheProxy(WorldCheck(
          "EGR-007",
          "The proxy MUST refuse every host not on the allowlist (HTTP requests and HTTPS "
          "CONNECTs), and the denied host and the canary MUST receive nothing",
          "Deny by default is the whole point of the allowlist; a wildcard that is one "
          "label too wide (*.example.test) admits the attacker's host.",
          "List exact host names; use '*.suffix' only for domains you control entirely.",
          {kNoProxyControl, "egress-wildcard-admits-canary.yaml",
           "egress-sbx-kit-allows-everything.yaml"},
          ExerciseAndJudge<egress::JudgeDeniedRefused>, Severity::kCritical)),
      WorldCheck(
          "EGR-008", "DNS lookups of canary-named domains MUST NOT reach the canary's DNS server",
          "A lookup of <secret>.attacker.example carries the secret to the attacker's "
          "name server, through any resolver that forwards, or straight over UDP/53.",
          std::string(kRouteFix) + " Give the sandbox no resolver that forwards to the outside.",
          {kNoProxyControl, kNativeNetworkOpen}, ExerciseAndJudge<egress::JudgeDnsExfiltration>,
          Severity::kCritical),
      WorldCheck("EGR-009", "The cloud metadata address 169.254.169.254 MUST be unreachable",
                 "The metadata service hands out the host's cloud credentials to anyone who "
                 "asks from inside the VM.",
                 std::string(kRouteFix) + " Block 169.254.169.254 on the host too.",
                 {kNoProxyControl, kNativeNetworkOpen}, ExerciseAndJudge<egress::JudgeMetadata>,
                 Severity::kCritical),
      WorldCheck(
          "EGR-010", "The proxy's admin or control port MUST be unreachable from the sandbox",
          "Whoever reaches the proxy's control port can change its rules or read its "
          "flows, including other sandboxes' secrets (mitmweb's UI, an admin API).",
          "Firewall the proxy so the sandbox's side reaches only the proxy port; bind "
          "admin interfaces to the host side.",
          {"egress-admin-port-exposed.yaml"}, ExerciseAndJudge<egress::JudgeAdminPortClosed>),
      WorldCheck("EGR-011",
                 "The metadata address MUST stay unreachable however it is spelled: decimal, "
                 "octal, hex, IPv4-mapped IPv6, its names with or without a trailing dot, through "
                 "the proxy (requests and CONNECT) and straight from the sandbox",
                 "Filters that compare the host as a string block 169.254.169.254 and pass "
                 "2852039166 or [::ffff:169.254.169.254], which every resolver reads as the same "
                 "address: the SSRF-filter bypass that keeps reaching cloud credentials.",
                 "Decide on names from an allowlist only, and refuse every address literal; "
                 "where addresses must be allowed, compare the address the proxy connects to.",
                 {kNoProxyControl, "egress-ip-literals-admitted.yaml", kNativeNetworkOpen,
                  "egress-sbx-kit-allows-everything.yaml"},
                 BypassAndJudge<egress::JudgeMetadataSpellings>, Severity::kCritical),
      ThroughTheProxy(WorldCheck(
          "EGR-012",
          "The proxy MUST refuse hosts that only look like an allowed one: a name ending "
          "or beginning with it, upper case and trailing-dot spellings of a denied name, "
          "the allowed host's address literal, userinfo before a denied host, CR/LF or "
          "NUL in the host",
          "Allowlist matchers written with includes(), startsWith() or an unanchored "
          "regex admitted allowed.example.test.attacker.example; Claude Code's own "
          "WebFetch trusted-domain check fell to a startsWith() match (CVE-2026-24052).",
          "Compare the whole, normalised host name (or a '.'-anchored suffix for a "
          "wildcard) and refuse address literals and malformed hosts.",
          {kNoProxyControl, "egress-allowlist-substring.yaml", "egress-wildcard-admits-canary.yaml",
           "egress-ip-literals-admitted.yaml", "egress-sbx-kit-allows-everything.yaml"},
          BypassAndJudge<egress::JudgeLookAlikes>, Severity::kCritical)),
      ThroughTheProxy(WorldCheck(
          "EGR-013",
          "A tunnel to an allowed host MUST NOT carry a request for a denied one: the "
          "proxy refuses a TLS server name or Host header off the allowlist",
          "Domain fronting: an allowlist proxy that decides on the CONNECT target alone "
          "lets a client name any host behind a shared front (a CDN) once the tunnel to "
          "an allowed name is open.",
          "Intercept the tunnel and check the TLS server name and the Host header "
          "against the allowlist (and against the CONNECT target).",
          {kNoProxyControl, "egress-domain-fronting.yaml", "egress-wildcard-admits-canary.yaml",
           "egress-sbx-kit-allows-everything.yaml"},
          BypassAndJudge<egress::JudgeFronting>)),
      ThroughTheProxy(WorldCheck(
          "EGR-014",
          "The proxy MUST open tunnels to port 443 only: a CONNECT to another port of an "
          "allowed host (22) is refused",
          "A proxy that tunnels to every port of an allowed name opens SSH or any other "
          "protocol to it, which the proxy cannot inspect; Squid's default refuses "
          "CONNECT outside its SSL ports for this reason. Plain HTTP to another port stays "
          "readable and logged, so it is not this promise.",
          "Tunnel to port 443 only, and name any other port explicitly per host.",
          {kNoProxyControl, "egress-any-port.yaml"}, BypassAndJudge<egress::JudgeOtherPorts>)),
      WorldCheck("EGR-015",
                 "DNS lookups shaped to carry data (a full 63-byte label, thirty labels, a TXT "
                 "query) MUST reach no resolver of the world, whether sent to the sandbox's "
                 "resolver, to one beside its proxy or to a name server the agent names itself",
                 "With HTTP denied, DNS is the channel left: every recursive resolver that sees "
                 "<data>.attacker.example hands the data to the attacker's name server (DNS "
                 "tunnels such as iodine and dnscat2 work this way). A resolver the engine "
                 "provides (an embedded DNS server) forwards even from an isolated network.",
                 std::string(kRouteFix) +
                     " Give the sandbox no resolver at all: its proxy resolves the names it "
                     "forwards.",
                 {kNoProxyControl, "egress-dns-forwarder.yaml", kNativeNetworkOpen},
                 egress::DnsChannelCheck, Severity::kCritical),
      ThroughTheProxy(WorldCheck(
          "EGR-016",
          "Reloading a changed allowlist file MUST leave no stale rule: a domain removed from "
          "the file is refused after the reload, and one added is reachable",
          "Seed 002's claude-sbx edits config/allowlist.txt and runs reload-allowlist; a reload "
          "that only appends keeps every rule ever allowed, so the allowlist quietly widens "
          "while the file looks narrow.",
          "Make the reload replace the proxy's rules with the file's lines (claude-sbx removes "
          "every local network-allow rule before it adds the file's).",
          {"egress-reload-appends.yaml"}, egress::AllowlistReloadLeavesNoStaleRule)),
  };
}

}  // namespace sandcheck
