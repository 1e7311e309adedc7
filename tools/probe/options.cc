#include "tools/probe/options.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "tools/probe/proc_parsers.h"

namespace sandcheck::probe {

const char kUsage[] = R"(usage:
  sandcheck-probe [observe] [options]   print one JSON document of evidence, exit 0
  sandcheck-probe init                  idle PID 1: reap zombies, exit 0 on SIGTERM/SIGINT
  sandcheck-probe init [--unset NAME]... [--credentials-file PATH --credentials-from NAME]
                       [-- COMMAND...]  entrypoint: write the credential, drop the variables,
                                        exec COMMAND (default: the idle init)
  sandcheck-probe batch                 run the commands of a JSON batch on stdin, one after
                                        another; print one JSON line per command
  sandcheck-probe version               print the probe and schema version

observe options (repeatable unless noted):
  --connect unix:/path | unix:@abstract | tcp:HOST:PORT | udp:HOST:PORT   (numeric hosts only)
  --connect-timeout-ms N     per connect attempt (default 1000)
  --icmp HOST                send one ICMP echo request to a numeric IPv4 host (raw socket,
                             then an unprivileged ping socket) and wait for the reply
  --http-get HOST:PORT=URL   send GET URL (absolute form) to the numeric HOST:PORT: a proxy
                             or the host itself; report the response's first 4 KiB. An
                             https:// URL: CONNECT through the proxy, TLS, GET its path
  --http-send HOST:PORT=JSON  write {"request": RAW} to the numeric HOST:PORT, after a CONNECT
                             to {"connect": "NAME:PORT"} and TLS to {"sni": NAME} when given;
                             {"id": ID} names the result. JSON strings carry CR, LF and NUL
  --ca-file PATH             trust anchors (PEM) that verify https:// GETs, one value
                             (default /etc/ssl/certs/ca-certificates.crt)
  --dns-query [TXT:|AAAA:]NAME@SERVER
                             send one DNS query (type A, or TXT or AAAA) for NAME to the
                             numeric SERVER:53
  --write PATH               try to create (or open for writing) PATH; a directory: a file in it
  --exists PATH              stat PATH
  --read PATH                read the first 4 KiB of PATH
  --scan-for STRING          look for STRING in readable files and /proc/*/environ
  --scan-root PATH           where the file scan starts (default /)
  --scan-budget-ms N         time budget of the scan (default 3000)
  --scan-max-files N         file budget of the scan (default 20000)
  --only SECTION[,SECTION]   run only these sections
  --fork-bomb N              fork up to N sleeping children, then kill and reap them (N <= 8192)
  --allocate-mb N            touch N MiB in a child and report how it ended (N <= 16384)
)";

namespace {

bool ParseBoundedInt(std::string_view text, int min, int max, int* value) {
  auto parsed = ParseInt(text);
  if (!parsed || *parsed < min || *parsed > max) return false;
  *value = static_cast<int>(*parsed);
  return true;
}

bool IsNumericHost(const std::string& host) {
  unsigned char address[sizeof(struct in6_addr)];
  return ::inet_pton(AF_INET, host.c_str(), address) == 1 ||
         ::inet_pton(AF_INET6, host.c_str(), address) == 1;
}

// Applies one observe option and its value; false (and *error set) when the value is bad.
bool ApplyOption(std::string_view name, std::string_view value, ObserveOptions* options,
                 std::string* error) {
  auto bad_value = [&](std::string_view expected) {
    *error = std::string(name) + ": expected " + std::string(expected) + ", got '" +
             std::string(value) + "'";
    return false;
  };
  in_addr scratch{};
  if (name == "--connect") {
    auto target = ParseConnectTarget(value, error);
    if (!target) return false;
    options->connect.push_back(std::move(*target));
  } else if (name == "--icmp") {
    if (std::string host(value); ::inet_pton(AF_INET, host.c_str(), &scratch) != 1) {
      return bad_value("a numeric IPv4 address");
    }
    options->icmp_hosts.emplace_back(value);
  } else if (name == "--http-get") {
    auto get = ParseHttpGet(value, error);
    if (!get) return false;
    options->http_gets.push_back(std::move(*get));
  } else if (name == "--http-send") {
    auto send = ParseRawHttp(value, error);
    if (!send) return false;
    options->raw_https.push_back(std::move(*send));
  } else if (name == "--ca-file") {
    if (!value.starts_with('/')) return bad_value("an absolute path");
    options->ca_file = value;
  } else if (name == "--dns-query") {
    auto query = ParseDnsQuery(value, error);
    if (!query) return false;
    options->dns_queries.push_back(std::move(*query));
  } else if (name == "--write") {
    options->write_paths.emplace_back(value);
  } else if (name == "--exists") {
    options->exists_paths.emplace_back(value);
  } else if (name == "--read") {
    options->read_paths.emplace_back(value);
  } else if (name == "--scan-for") {
    if (value.empty()) return bad_value("a non-empty string");
    options->scan_needles.emplace_back(value);
  } else if (name == "--scan-root") {
    if (!value.starts_with('/')) return bad_value("an absolute path");
    options->scan_roots.emplace_back(value);
  } else if (name == "--only") {
    for (std::string_view section : Split(value, ',')) {
      if (section.empty()) return bad_value("section names separated by commas");
      options->only.emplace_back(section);
    }
  } else if (name == "--connect-timeout-ms") {
    if (!ParseBoundedInt(value, 1, 600000, &options->connect_timeout_ms)) {
      return bad_value("milliseconds in 1..600000");
    }
  } else if (name == "--scan-budget-ms") {
    if (!ParseBoundedInt(value, 1, 600000, &options->scan_budget_ms)) {
      return bad_value("milliseconds in 1..600000");
    }
  } else if (name == "--scan-max-files") {
    if (!ParseBoundedInt(value, 1, 10000000, &options->scan_max_files)) {
      return bad_value("a count in 1..10000000");
    }
  } else if (name == "--fork-bomb") {
    int count = 0;
    if (!ParseBoundedInt(value, 1, kMaxForkBomb, &count)) return bad_value("a count in 1..8192");
    options->fork_bomb = count;
  } else if (name == "--allocate-mb") {
    int megabytes = 0;
    if (!ParseBoundedInt(value, 1, kMaxAllocateMb, &megabytes)) {
      return bad_value("MiB in 1..16384");
    }
    options->allocate_mb = megabytes;
  } else {
    *error = "unknown option " + std::string(name);
    return false;
  }
  return true;
}

}  // namespace

std::optional<ConnectTarget> ParseConnectTarget(std::string_view spec, std::string* error) {
  ConnectTarget target;
  target.spec = spec;
  auto fail = [&](std::string_view why) {
    *error = "--connect " + std::string(spec) + ": " + std::string(why);
    return std::nullopt;
  };
  size_t colon = spec.find(':');
  if (colon == std::string_view::npos) return fail("expected unix:, tcp: or udp: prefix");
  std::string_view scheme = spec.substr(0, colon);
  std::string_view rest = spec.substr(colon + 1);
  if (scheme == "unix") {
    if (!rest.starts_with('/') && !rest.starts_with('@')) return fail("expected /path or @name");
    if (rest.size() > 107) return fail("unix socket path longer than 107 bytes");
    target.protocol = ConnectTarget::Protocol::kUnix;
    target.path = rest;
    return target;
  }
  if (scheme == "tcp") {
    target.protocol = ConnectTarget::Protocol::kTcp;
  } else if (scheme == "udp") {
    target.protocol = ConnectTarget::Protocol::kUdp;
  } else {
    return fail("expected unix:, tcp: or udp: prefix");
  }
  size_t port_colon = rest.rfind(':');
  if (port_colon == std::string_view::npos) return fail("expected HOST:PORT");
  std::string_view host = rest.substr(0, port_colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  target.host = host;
  if (!IsNumericHost(target.host)) return fail("host must be a numeric IPv4 or IPv6 address");
  int port = 0;
  if (!ParseBoundedInt(rest.substr(port_colon + 1), 1, 65535, &port)) {
    return fail("port must be in 1..65535");
  }
  target.port = static_cast<uint16_t>(port);
  return target;
}

std::optional<HttpGet> ParseHttpGet(std::string_view spec, std::string* error) {
  auto fail = [&](std::string_view why) {
    *error = "--http-get " + std::string(spec) + ": " + std::string(why);
    return std::nullopt;
  };
  size_t equals = spec.find('=');
  if (equals == std::string_view::npos) return fail("expected HOST:PORT=http://NAME/PATH");
  std::string via_error;
  auto via = ParseConnectTarget("tcp:" + std::string(spec.substr(0, equals)), &via_error);
  if (!via) return fail("HOST:PORT must be a numeric address and a port");
  std::string_view url = spec.substr(equals + 1);
  constexpr std::string_view kHttp = "http://";
  constexpr std::string_view kHttps = "https://";
  bool tls = url.starts_with(kHttps);
  if (!tls && !url.starts_with(kHttp)) return fail("the URL must start with http:// or https://");
  std::string_view rest = url.substr(tls ? kHttps.size() : kHttp.size());
  std::string_view authority = rest.substr(0, rest.find('/'));
  std::string_view path = rest.substr(authority.size());
  bool clean = !authority.empty() && std::all_of(authority.begin(), authority.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':';
  });
  if (!clean) return fail("the URL needs a host name of letters, digits, '.', '-' and a port");
  bool printable = std::all_of(url.begin(), url.end(), [](char c) { return c > ' ' && c < 127; });
  if (!printable) return fail("the URL may not contain spaces or control characters");
  HttpGet get;
  get.spec = std::string(spec);
  get.via = std::move(*via);
  get.url = std::string(url);
  get.host = std::string(authority);
  if (tls) {
    get.tls = true;
    get.authority = std::string(authority);
    if (authority.find(':') == std::string_view::npos) get.authority += ":443";
    get.path = path.empty() ? "/" : std::string(path);
  }
  return get;
}

std::optional<RawHttp> ParseRawHttp(std::string_view spec, std::string* error) {
  auto fail = [&](std::string_view why) {
    *error = "--http-send " + std::string(spec) + ": " + std::string(why);
    return std::nullopt;
  };
  size_t equals = spec.find('=');
  if (equals == std::string_view::npos) return fail("expected HOST:PORT={...}");
  std::string via_error;
  auto via = ParseConnectTarget("tcp:" + std::string(spec.substr(0, equals)), &via_error);
  if (!via) return fail("HOST:PORT must be a numeric address and a port");
  auto body = Json::parse(spec.substr(equals + 1), nullptr, /*allow_exceptions=*/false);
  if (!body.is_object()) return fail("the value after '=' must be a JSON object");
  auto text = [&](const char* key) {
    auto found = body.find(key);
    return found != body.end() && found->is_string() ? found->get<std::string>() : std::string();
  };
  RawHttp send{text("id"), std::move(*via), text("connect"), text("sni"), text("request")};
  if (send.id.empty()) return fail("\"id\" must be a non-empty string");
  if (send.request.empty() || send.request.size() > 4096) {
    return fail("\"request\" must be a string of 1 to 4096 bytes");
  }
  if (!send.sni.empty() && send.connect.empty()) return fail("\"sni\" needs \"connect\"");
  return send;
}

std::optional<DnsQuery> ParseDnsQuery(std::string_view spec, std::string* error) {
  auto fail = [&](std::string_view why) {
    *error = "--dns-query " + std::string(spec) + ": " + std::string(why);
    return std::nullopt;
  };
  size_t at = spec.rfind('@');
  if (at == std::string_view::npos || at == 0) return fail("expected NAME@SERVER");
  std::string name(spec.substr(0, at));
  std::string server(spec.substr(at + 1));
  int type = 1;  // A
  for (auto [prefix, value] : {std::pair<std::string_view, int>{"TXT:", 16}, {"AAAA:", 28}}) {
    if (name.starts_with(prefix)) {
      name.erase(0, prefix.size());
      type = value;
    }
  }
  if (name.size() > 253) return fail("the name is longer than 253 characters");
  if (!IsNumericHost(server)) return fail("SERVER must be a numeric IPv4 or IPv6 address");
  return DnsQuery{std::string(spec), std::move(name), std::move(server), type};
}

std::optional<CommandLine> ParseCommandLine(const std::vector<std::string>& args,
                                            std::string* error) {
  CommandLine command;
  size_t next = 0;
  if (!args.empty() && !args[0].starts_with('-')) {
    const std::string& mode = args[0];
    if (mode == "observe") {
      command.mode = Mode::kObserve;
    } else if (mode == "init") {
      auto init = ParseEntrypointOptions({args.begin() + 1, args.end()}, error);
      if (!init) return std::nullopt;
      command.mode = Mode::kInit;
      command.init = std::move(*init);
      return command;
    } else if (mode == "batch") {
      if (args.size() > 1) {
        *error = mode + " takes no arguments (the commands come on stdin)";
        return std::nullopt;
      }
      command.mode = Mode::kBatch;
      return command;
    } else if (mode == "version") {
      if (args.size() > 1) {
        *error = mode + " takes no arguments";
        return std::nullopt;
      }
      command.mode = Mode::kVersion;
      return command;
    } else {
      *error = "unknown mode '" + mode + "'";
      return std::nullopt;
    }
    next = 1;
  }
  for (; next < args.size(); ++next) {
    std::string_view arg = args[next];
    if (arg == "--help" || arg == "-h") {
      command.mode = Mode::kHelp;
      return command;
    }
    if (!arg.starts_with("--")) {
      *error = "unexpected argument '" + std::string(arg) + "'";
      return std::nullopt;
    }
    std::string_view name = arg;
    std::string_view value;
    if (size_t equals = arg.find('='); equals != std::string_view::npos) {
      name = arg.substr(0, equals);
      value = arg.substr(equals + 1);
    } else if (next + 1 < args.size()) {
      value = args[++next];
    } else {
      *error = std::string(name) + " needs a value";
      return std::nullopt;
    }
    if (!ApplyOption(name, value, &command.observe, error)) return std::nullopt;
  }
  return command;
}

std::optional<std::vector<const SectionInfo*>> SelectSections(const ObserveOptions& options,
                                                              std::span<const SectionInfo> registry,
                                                              std::string* error) {
  auto listed = [&](std::string_view name) {
    return std::find(options.only.begin(), options.only.end(), name) != options.only.end();
  };
  for (const std::string& name : options.only) {
    auto it = std::find_if(registry.begin(), registry.end(),
                           [&](const SectionInfo& info) { return info.name == name; });
    if (it == registry.end()) {
      *error = "--only: unknown section '" + name + "'";
      return std::nullopt;
    }
    if (it->requested != nullptr && !it->requested(options)) {
      *error = "--only " + name + ": this section needs its own option (see --help)";
      return std::nullopt;
    }
  }
  std::vector<const SectionInfo*> selected;
  for (const SectionInfo& info : registry) {
    bool on_demand = info.requested != nullptr;
    bool run = on_demand ? info.requested(options) : options.only.empty() || listed(info.name);
    if (run) selected.push_back(&info);
  }
  return selected;
}

}  // namespace sandcheck::probe
