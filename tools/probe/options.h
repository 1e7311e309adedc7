// The probe's command line: modes, observe options, and which sections a run selects.
// Parsing is pure (no I/O) so every rule here is unit-tested.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/probe_limits.h"
#include "tools/probe/entrypoint_plan.h"

namespace sandcheck::probe {

using Json = nlohmann::ordered_json;

extern const char kUsage[];

// A --connect target. Hosts are numeric only: the probe never resolves names.
struct ConnectTarget {
  enum class Protocol { kUnix, kTcp, kUdp };
  Protocol protocol = Protocol::kTcp;
  std::string spec;  // as given, e.g. "tcp:127.0.0.1:8080", echoed in the result
  std::string path;  // unix: filesystem path, or "@name" for the abstract namespace
  std::string host;  // tcp/udp: numeric IPv4 or IPv6, without brackets
  uint16_t port = 0;
};

// nullopt (and *error set) unless `spec` is unix:/path, unix:@name, tcp:HOST:PORT or
// udp:HOST:PORT with a numeric host; IPv6 hosts may be bracketed: tcp:[::1]:80.
std::optional<ConnectTarget> ParseConnectTarget(std::string_view spec, std::string* error);

// An --http-get: one GET sent to a numeric HOST:PORT (the proxy, or the host itself). An
// http:// URL goes as the request target (proxy form); an https:// URL is a CONNECT to its
// authority, then TLS verified against --ca-file, then GET of its path.
struct HttpGet {
  std::string spec;  // as given: "198.18.0.2:3128=http://allowed.example.test/x"
  ConnectTarget via;
  std::string url;
  std::string host;       // the URL's host, for the Host header (and the port, when given)
  bool tls = false;       // https://
  std::string authority;  // https: the CONNECT target, "NAME:443" when the URL has no port
  std::string path;       // https: the request target inside the tunnel, "/" at least
};

// nullopt (and *error set) unless `spec` is HOST:PORT=http://NAME/PATH or
// HOST:PORT=https://NAME/PATH with a numeric host.
std::optional<HttpGet> ParseHttpGet(std::string_view spec, std::string* error);

// A request written byte for byte (the look-alike hosts, CR/LF and NUL among them, and domain
// fronting), to the numeric HOST:PORT: optionally after a CONNECT to `connect` and then, with
// `sni`, TLS to that server name verified against --ca-file. Given as
// HOST:PORT={"id":..,"request":..,"connect":..,"sni":..}: JSON strings carry any byte.
struct RawHttp {
  std::string id;  // echoed, so the harness finds its result
  ConnectTarget via;
  std::string connect;  // "allowed.example.test:443", or empty: the request goes straight
  std::string sni;      // empty: no TLS
  std::string request;
};

std::optional<RawHttp> ParseRawHttp(std::string_view spec, std::string* error);

// A --dns-query: one query for NAME of type A sent over UDP to a numeric SERVER (port 53).
struct DnsQuery {
  std::string spec;  // "x.canary.example.test@198.18.0.53", or "TXT:x.canary...@..."
  std::string name;
  std::string server;
  int type = 1;  // ns_t_a; "AAAA:" and "TXT:" before the name ask for those
};

std::optional<DnsQuery> ParseDnsQuery(std::string_view spec, std::string* error);

struct ObserveOptions {
  std::vector<ConnectTarget> connect;
  std::vector<std::string> icmp_hosts;  // numeric IPv4: one echo request each
  std::vector<HttpGet> http_gets;
  std::vector<RawHttp> raw_https;
  std::vector<DnsQuery> dns_queries;
  std::vector<std::string> write_paths;
  std::vector<std::string> exists_paths;
  std::vector<std::string> read_paths;
  std::vector<std::string> scan_needles;
  std::vector<std::string> scan_roots;  // empty: "/"
  std::vector<std::string> only;        // section names; empty: every default section
  int connect_timeout_ms = 1000;
  // The trust anchors of https:// GETs: the system store's bundle unless given.
  std::string ca_file = "/etc/ssl/certs/ca-certificates.crt";
  int scan_budget_ms = 3000;
  int scan_max_files = 20000;
  std::optional<int> fork_bomb;
  std::optional<int> allocate_mb;
};

enum class Mode { kObserve, kInit, kBatch, kVersion, kHelp };

struct CommandLine {
  Mode mode = Mode::kObserve;
  ObserveOptions observe;
  EntrypointOptions init;  // init mode; empty: just the idle init
};

// Parses argv without argv[0]. nullopt (and *error set) on bad usage.
std::optional<CommandLine> ParseCommandLine(const std::vector<std::string>& args,
                                            std::string* error);

// One entry of the section registry.
struct SectionInfo {
  std::string_view name;
  Json (*run)(const ObserveOptions&) = nullptr;
  // For on-demand sections: whether the options ask for it. nullptr: runs by default.
  bool (*requested)(const ObserveOptions&) = nullptr;
};

// The sections to run, in registry order: the --only list (or every default section), plus
// each on-demand section whose option was given. nullopt (and *error set) for an unknown
// --only name or an on-demand section listed in --only without its option.
std::optional<std::vector<const SectionInfo*>> SelectSections(const ObserveOptions& options,
                                                              std::span<const SectionInfo> registry,
                                                              std::string* error);

}  // namespace sandcheck::probe
