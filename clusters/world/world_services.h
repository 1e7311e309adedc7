// The servers of the world's "outside" hosts, started once the world's namespaces exist: a web
// host that answers and records on ports 80 and 443 (HTTPS, with a certificate from the
// world's own CA) of allowed, denied, canary, model-api and metadata;
// UDP sinks on the canary's ports 53 (its DNS) and 9; and dnsmasq on the dns host, answering
// only the world's names (docs/world.md) and logging every query it got.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "clusters/world/world.h"
#include "core/daemon.h"
#include "servers/http_host.h"
#include "servers/udp_sink.h"

namespace sandcheck {

struct WorldName {
  std::string name;  // "api.anthropic.com"
  std::string host;  // the world host it resolves to: "model-api"
};

// Every name the world's DNS answers, and the host behind it. dnsmasq answers a name's
// subdomains too (x.canary.example.test), with the same address.
const std::vector<WorldName>& WorldNames();
// The address of the host `WorldNames` maps `name` to, or empty.
std::string AddressOfName(const std::vector<WorldHost>& hosts, std::string_view name);
// The world host `name` or the name it is a subdomain of maps to, or empty.
std::string WorldHostOfName(std::string_view name);

inline constexpr uint16_t kWebPort = 80;
inline constexpr uint16_t kTlsWebPort = 443;
inline constexpr uint16_t kDnsPort = 53;
inline constexpr uint16_t kDatagramPort = 9;  // the canary's discard port

class WorldServices {
 public:
  // `dir`: where dnsmasq's log and the sandboxes' resolv.conf and hosts files go; removed by
  // the destructor.
  static Result<std::unique_ptr<WorldServices>> Start(const World& world, std::filesystem::path dir,
                                                      Duration timeout);
  ~WorldServices();

  // The web host of world host `name`, or null.
  const HttpHost* Web(std::string_view name) const;
  const std::map<std::string, std::unique_ptr<HttpHost>>& web_hosts() const { return web_; }
  const UdpSink& canary_dns() const { return *canary_dns_; }
  const UdpSink& canary_datagrams() const { return *canary_datagrams_; }
  // What dnsmasq logged (one line per query it received), for evidence.
  std::string DnsLog() const;
  // The world CA's certificate (PEM), which the egress proxies verify the web hosts against.
  std::filesystem::path ca_certificate() const { return dir_ / "world-ca.pem"; }
  // Files a world sandbox gets as /etc/resolv.conf and /etc/hosts.
  std::filesystem::path resolv_conf() const { return dir_ / "resolv.conf"; }
  std::filesystem::path hosts_file() const { return dir_ / "hosts"; }

 private:
  explicit WorldServices(std::filesystem::path dir) : dir_(std::move(dir)) {}

  std::filesystem::path dir_;
  std::map<std::string, std::unique_ptr<HttpHost>> web_;
  std::unique_ptr<UdpSink> canary_dns_;
  std::unique_ptr<UdpSink> canary_datagrams_;
  std::optional<Daemon> dnsmasq_;
};

}  // namespace sandcheck
