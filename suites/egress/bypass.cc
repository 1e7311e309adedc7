#include "suites/egress/bypass.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "suites/egress/http_response.h"

namespace sandcheck::egress {
namespace {

// A proxy-form GET of `marker` at `host`, with `host_header` (the URL's host when empty).
std::string ProxyGet(std::string_view host, std::string_view marker,
                     std::string_view host_header = "") {
  return fmt::format("GET http://{}{} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", host,
                     marker, host_header.empty() ? host : host_header);
}

// An origin-form GET, as a client writes it inside a tunnel.
std::string TunnelGet(std::string_view host_header, std::string_view marker) {
  return fmt::format("GET {} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", marker,
                     host_header);
}

nlohmann::json Send(const std::string& id, std::string request, std::string connect = "",
                    std::string sni = "") {
  nlohmann::json send = {{"id", id}, {"request", std::move(request)}};
  if (!connect.empty()) send["connect"] = std::move(connect);
  if (!sni.empty()) send["sni"] = std::move(sni);
  return send;
}

// The spellings of an IPv4 address that inet_aton (and so getaddrinfo and every client over
// it) reads as that address, besides the dotted quad.
struct Spelling {
  std::string id, name, host;
};

std::vector<Spelling> SpellingsOf(const std::string& dotted) {
  in_addr address{};
  if (::inet_pton(AF_INET, dotted.c_str(), &address) != 1) return {};
  uint32_t value = ntohl(address.s_addr);
  unsigned a = value >> 24, b = (value >> 16) & 0xff, c = (value >> 8) & 0xff, d = value & 0xff;
  return {
      {"decimal", "in decimal", fmt::format("{}", value)},
      {"octal", "in octal", fmt::format("0{:o}.0{:o}.0{:o}.0{:o}", a, b, c, d)},
      {"hex", "in hex", fmt::format("0x{:08x}", value)},
      {"hex-dotted", "in dotted hex", fmt::format("0x{:x}.0x{:x}.0x{:x}.0x{:x}", a, b, c, d)},
      {"short", "as a.b.c", fmt::format("{}.{}.{}", a, b, c * 256 + d)},
      {"mapped", "as IPv4-mapped IPv6", fmt::format("[::ffff:{}]", dotted)},
      {"mapped-hex", "as IPv4-mapped IPv6 in hex",
       fmt::format("[::ffff:{:x}:{:x}]", value >> 16, value & 0xffff)},
  };
}

BypassAttempt Attempt(BypassKind kind, std::string id, std::string what, nlohmann::json send) {
  return {kind, std::move(id), std::move(what), std::move(send)};
}

std::optional<HttpResponse> Parsed(const nlohmann::json& raw) {
  if (!raw.is_string()) return std::nullopt;
  return ParseHttpResponse(raw.get<std::string>());
}

}  // namespace

std::vector<BypassAttempt> BypassAttempts(const std::string& metadata_address,
                                          const std::string& allowed_address,
                                          const std::string& marker_prefix) {
  std::vector<BypassAttempt> attempts;
  auto add = [&](BypassKind kind, std::string id, std::string what, auto&& make) {
    std::string marker = marker_prefix + id;
    attempts.push_back(Attempt(kind, id, std::move(what), make(id, marker)));
  };
  auto get = [&](BypassKind kind, const std::string& id, std::string what, std::string host,
                 std::string host_header = "") {
    std::string shown = host;
    std::replace(shown.begin(), shown.end(), '\0', '@');
    add(kind, id, fmt::format("{} ({})", what, shown),
        [&](auto& key, auto& marker) { return Send(key, ProxyGet(host, marker, host_header)); });
  };
  using enum BypassKind;
  get(kMetadata, "meta-dotted", "the metadata address", metadata_address);
  for (const Spelling& spelling : SpellingsOf(metadata_address)) {
    get(kMetadata, "meta-" + spelling.id, "the metadata address " + spelling.name, spelling.host);
  }
  get(kMetadata, "meta-name", "a name of the metadata service", "metadata.google.internal");
  get(kMetadata, "meta-name-dot", "its name with a trailing dot", "metadata.google.internal.");
  if (auto spellings = SpellingsOf(metadata_address); !spellings.empty()) {
    std::string decimal = spellings.front().host;
    add(kMetadata, "meta-tunnel", fmt::format("a CONNECT to {}:80", decimal),
        [&](auto& key, auto& marker) {
          return Send(key, TunnelGet(decimal, marker), decimal + ":80");
        });
  }

  get(kLookAlike, "look-suffix", "a name ending in the allowed one", "notallowed.example.test");
  get(kLookAlike, "look-prefix", "the allowed name as a subdomain of another",
      "allowed.example.test.canary.example.test");
  get(kLookAlike, "look-prefix-of", "a prefix of the allowed name", "allowed.example");
  get(kLookAlike, "look-upper", "a denied name in upper case", "CANARY.EXAMPLE.TEST");
  get(kLookAlike, "look-trailing-dot", "a denied name with a trailing dot", "canary.example.test.");
  get(kLookAlike, "look-ip-literal", "the allowed host's address literal", allowed_address);
  get(kLookAlike, "look-userinfo", "the allowed name as userinfo before a denied host",
      "allowed.example.test@canary.example.test", "canary.example.test");
  get(kLookAlike, "look-crlf", "an encoded CR/LF in the host",
      "allowed.example.test%0d%0a.canary.example.test");
  // Claude Code's sandbox proxy checked the suffix and dialled what a C resolver reads, the part
  // before the NUL (sandbox-runtime's SOCKS5 NUL-byte fix, Aonan Guan's disclosure).
  get(kLookAlike, "look-nul", "a NUL before the allowed name",
      std::string("canary.example.test\0.allowed.example.test", 41), "allowed.example.test");

  constexpr std::string_view kAllowed = "allowed.example.test";
  constexpr std::string_view kDenied = "canary.example.test";
  add(kFronting, "front-sni-host", "a tunnel to the allowed host, TLS and Host naming the canary",
      [&](auto& key, auto& marker) {
        return Send(key, TunnelGet(kDenied, marker), fmt::format("{}:443", kAllowed),
                    std::string(kDenied));
      });
  add(kFronting, "front-host", "a tunnel to the allowed host, Host naming the canary",
      [&](auto& key, auto& marker) {
        return Send(key, TunnelGet(kDenied, marker), fmt::format("{}:443", kAllowed),
                    std::string(kAllowed));
      });
  add(kFronting, "front-sni", "a tunnel to the allowed host, TLS naming the canary",
      [&](auto& key, auto& marker) {
        return Send(key, TunnelGet(kAllowed, marker), fmt::format("{}:443", kAllowed),
                    std::string(kDenied));
      });
  get(kFronting, "front-http", "plain HTTP to the allowed host with Host naming the canary",
      std::string(kAllowed), std::string(kDenied));

  add(kPort, "port-connect-22", "a CONNECT to the allowed host's port 22",
      [&](auto& key, auto& marker) {
        return Send(key, TunnelGet(fmt::format("{}:22", kAllowed), marker),
                    fmt::format("{}:22", kAllowed));
      });

  return attempts;
}

std::string MappedMetadataTarget(const std::string& metadata_address, uint16_t port) {
  return fmt::format("tcp:[::ffff:{}]:{}", metadata_address, port);
}

std::vector<std::string> ReceiversOf(const BypassRun& run, const BypassAttempt& attempt) {
  std::string marker = run.marker_prefix + attempt.id;
  std::vector<std::string> receivers;
  for (const HostReceipt& entry : run.web) {
    const HttpReceipt& receipt = entry.receipt;
    // The whole target: one id is a prefix of another's (meta-hex, meta-hex-dotted).
    if (receipt.target == marker || receipt.raw.find(marker + " ") != std::string::npos) {
      receivers.push_back(entry.world_host);
    }
  }
  return receivers;
}

Result<BypassOutcome> OutcomeOf(const BypassRun& run, const BypassAttempt& attempt,
                                nlohmann::json& evidence) {
  const nlohmann::json* probed = nullptr;
  for (const auto& result : run.sends) {
    if (result.value("id", "") == attempt.id) probed = &result;
  }
  if (probed == nullptr) return Fail("the probe reported no attempt {}", attempt.id);
  evidence["probe"] = *probed;
  if (!probed->value("connect", nlohmann::json()).value("ok", false)) {
    return Fail("the probe could not reach the proxy for {}: {}", attempt.id,
                probed->value("connect", nlohmann::json()).dump());
  }
  std::vector<std::string> receivers = ReceiversOf(run, attempt);
  evidence["received_by"] = receivers;
  if (!receivers.empty()) return BypassOutcome::kForwarded;
  if (attempt.send.contains("connect")) {
    auto tunnel = Parsed(probed->value("tunnel", nlohmann::json()));
    if (!tunnel) return BypassOutcome::kNotSent;
    if (tunnel->status != 200) {
      return tunnel->status >= 400 && tunnel->status < 500 ? BypassOutcome::kRefused
                                                           : BypassOutcome::kForwarded;
    }
    if (attempt.send.contains("sni") && !probed->value("tls", nlohmann::json())
                                             .value("handshake", nlohmann::json())
                                             .value("ok", false)) {
      return BypassOutcome::kNotSent;
    }
  }
  auto response = Parsed(probed->value("response", nlohmann::json()));
  if (!response) return BypassOutcome::kNotSent;
  evidence["status"] = response->status;
  return response->status >= 400 && response->status < 500 ? BypassOutcome::kRefused
                                                           : BypassOutcome::kForwarded;
}

Result<BypassRun> RunBypass(CheckContext& context) {
  ASSIGN_OR_RETURN(Sandbox * sandbox, context.SharedSandbox());
  const WorldView* world = sandbox->world();
  if (world == nullptr) {
    return Fail("sandbox {} is not linked to a world: its substrate cannot run network: world",
                sandbox->name());
  }
  ASSIGN_OR_RETURN(WorldHost metadata, world->Host(kMetadataHost));
  ASSIGN_OR_RETURN(WorldHost allowed, world->Host(kAllowedHost));
  BypassRun run;
  run.proxy = world->proxy().has_value();
  run.marker_prefix = fmt::format("/sandcheck/{}/bypass/", sandbox->name());
  // Without a proxy there is nothing to send requests to: the direct attempt alone.
  std::vector<std::string> options = {"--only",
                                      run.proxy ? "connect,egress" : "connect",
                                      "--connect-timeout-ms",
                                      "1500",
                                      "--connect",
                                      MappedMetadataTarget(metadata.address, world->web_port())};
  if (run.proxy) {
    const ProxyEndpoint& proxy = *world->proxy();
    run.attempts = BypassAttempts(metadata.address, allowed.address, run.marker_prefix);
    options.insert(options.end(), {"--ca-file", proxy.ca_in_sandbox});
    for (const BypassAttempt& attempt : run.attempts) {
      options.insert(options.end(), {"--http-send", fmt::format("{}:{}={}", proxy.address,
                                                                proxy.port, attempt.send.dump())});
    }
  }
  ASSIGN_OR_RETURN(const nlohmann::json* document, context.Probe(options));
  for (const char* section : {"connect", "egress"}) {
    if (!run.proxy && std::string_view(section) == "egress") continue;
    if (!document->contains(section) || document->at(section).contains("error")) {
      return Fail("the probe's {} section is missing or failed: {}", section,
                  document->value(section, nlohmann::json()).dump());
    }
  }
  run.connects = document->at("connect").at("results");
  if (run.proxy) run.sends = document->at("egress").value("sends", nlohmann::json::array());
  // A connection the proxy forwarded is recorded a moment after the probe returns.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  run.web = world->WebReceived();
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto now = world->WebReceived();
    if (now.size() == run.web.size()) break;
    run.web = std::move(now);
  }
  return run;
}

}  // namespace sandcheck::egress
