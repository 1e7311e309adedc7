#include "tools/probe/options.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sandcheck::probe {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::optional<CommandLine> Parse(std::vector<std::string> args, std::string* error) {
  return ParseCommandLine(args, error);
}

TEST(CommandLineTest, NoArgumentsMeansObserveWithDefaults) {
  std::string error;
  auto command = Parse({}, &error);
  ASSERT_TRUE(command.has_value()) << error;
  EXPECT_EQ(command->mode, Mode::kObserve);
  EXPECT_EQ(command->observe.connect_timeout_ms, 1000);
  EXPECT_EQ(command->observe.scan_budget_ms, 3000);
  EXPECT_EQ(command->observe.scan_max_files, 20000);
  EXPECT_FALSE(command->observe.fork_bomb.has_value());
}

TEST(CommandLineTest, ParsesModes) {
  std::string error;
  EXPECT_EQ(Parse({"init"}, &error)->mode, Mode::kInit);
  EXPECT_EQ(Parse({"version"}, &error)->mode, Mode::kVersion);
  EXPECT_EQ(Parse({"batch"}, &error)->mode, Mode::kBatch);
  EXPECT_FALSE(Parse({"batch", "--only", "env"}, &error));
  EXPECT_EQ(Parse({"observe"}, &error)->mode, Mode::kObserve);
  EXPECT_EQ(Parse({"--help"}, &error)->mode, Mode::kHelp);
  EXPECT_EQ(Parse({"observe", "-h"}, &error)->mode, Mode::kHelp);
}

TEST(CommandLineTest, ParsesRepeatableOptionsInBothSpellings) {
  std::string error;
  auto command = Parse({"observe",
                        "--write",
                        "/a",
                        "--write=/b",
                        "--exists",
                        "/c",
                        "--read",
                        "/d",
                        "--scan-for",
                        "s3cret",
                        "--scan-root",
                        "/srv",
                        "--only",
                        "identity,mounts",
                        "--only=tmp",
                        "--connect-timeout-ms",
                        "50",
                        "--scan-budget-ms=10",
                        "--scan-max-files",
                        "7",
                        "--fork-bomb",
                        "3",
                        "--allocate-mb",
                        "16"},
                       &error);
  ASSERT_TRUE(command.has_value()) << error;
  const ObserveOptions& options = command->observe;
  EXPECT_THAT(options.write_paths, ElementsAre("/a", "/b"));
  EXPECT_THAT(options.exists_paths, ElementsAre("/c"));
  EXPECT_THAT(options.read_paths, ElementsAre("/d"));
  EXPECT_THAT(options.scan_needles, ElementsAre("s3cret"));
  EXPECT_THAT(options.scan_roots, ElementsAre("/srv"));
  EXPECT_THAT(options.only, ElementsAre("identity", "mounts", "tmp"));
  EXPECT_EQ(options.connect_timeout_ms, 50);
  EXPECT_EQ(options.scan_budget_ms, 10);
  EXPECT_EQ(options.scan_max_files, 7);
  EXPECT_EQ(options.fork_bomb, 3);
  EXPECT_EQ(options.allocate_mb, 16);
}

TEST(CommandLineTest, OptionsWithoutTheObserveWordAreObserveOptions) {
  std::string error;
  auto command = Parse({"--exists", "/etc/passwd"}, &error);
  ASSERT_TRUE(command.has_value()) << error;
  EXPECT_EQ(command->mode, Mode::kObserve);
  EXPECT_THAT(command->observe.exists_paths, ElementsAre("/etc/passwd"));
}

struct BadUsage {
  std::vector<std::string> args;
  std::string message;
};

void PrintTo(const BadUsage& usage, std::ostream* out) {
  for (const std::string& arg : usage.args) *out << arg << ' ';
}

class BadUsageTest : public ::testing::TestWithParam<BadUsage> {};

TEST_P(BadUsageTest, IsRejectedWithAMessage) {
  std::string error;
  EXPECT_FALSE(Parse(GetParam().args, &error).has_value());
  EXPECT_THAT(error, HasSubstr(GetParam().message));
}

INSTANTIATE_TEST_SUITE_P(
    CommandLine, BadUsageTest,
    ::testing::Values(BadUsage{{"frobnicate"}, "unknown mode"},
                      BadUsage{{"--frobnicate", "1"}, "unknown option --frobnicate"},
                      BadUsage{{"--write"}, "--write needs a value"},
                      BadUsage{{"observe", "stray"}, "unexpected argument"},
                      BadUsage{{"version", "--write", "/x"}, "version takes no arguments"},
                      BadUsage{{"--fork-bomb", "0"}, "--fork-bomb: expected a count"},
                      BadUsage{{"--fork-bomb", "8193"}, "--fork-bomb: expected a count"},
                      BadUsage{{"--allocate-mb", "-5"}, "--allocate-mb: expected MiB"},
                      BadUsage{{"--connect-timeout-ms", "fast"}, "expected milliseconds"},
                      BadUsage{{"--scan-for", ""}, "non-empty"},
                      BadUsage{{"--scan-root", "relative"}, "absolute path"},
                      BadUsage{{"--only", "a,,b"}, "section names"},
                      BadUsage{{"--connect", "tcp:localhost:80"}, "numeric"},
                      BadUsage{{"--connect", "tcp:127.0.0.1"}, "expected HOST:PORT"},
                      BadUsage{{"--connect", "tcp:127.0.0.1:0"}, "port"},
                      BadUsage{{"--connect", "tcp:127.0.0.1:65536"}, "port"},
                      BadUsage{{"--connect", "sctp:127.0.0.1:1"}, "prefix"},
                      BadUsage{{"--connect", "unix:relative"}, "/path or @name"}));

TEST(ConnectTargetTest, ParsesEveryForm) {
  std::string error;
  auto unix_path = ParseConnectTarget("unix:/run/x.sock", &error);
  ASSERT_TRUE(unix_path.has_value()) << error;
  EXPECT_EQ(unix_path->protocol, ConnectTarget::Protocol::kUnix);
  EXPECT_EQ(unix_path->path, "/run/x.sock");

  auto abstract = ParseConnectTarget("unix:@containerd-shim", &error);
  ASSERT_TRUE(abstract.has_value()) << error;
  EXPECT_EQ(abstract->path, "@containerd-shim");

  auto tcp = ParseConnectTarget("tcp:127.0.0.1:8080", &error);
  ASSERT_TRUE(tcp.has_value()) << error;
  EXPECT_EQ(tcp->protocol, ConnectTarget::Protocol::kTcp);
  EXPECT_EQ(tcp->host, "127.0.0.1");
  EXPECT_EQ(tcp->port, 8080);
  EXPECT_EQ(tcp->spec, "tcp:127.0.0.1:8080");

  auto bracketed = ParseConnectTarget("udp:[::1]:53", &error);
  ASSERT_TRUE(bracketed.has_value()) << error;
  EXPECT_EQ(bracketed->protocol, ConnectTarget::Protocol::kUdp);
  EXPECT_EQ(bracketed->host, "::1");
  EXPECT_EQ(bracketed->port, 53);

  auto bare_v6 = ParseConnectTarget("tcp:::1:443", &error);
  ASSERT_TRUE(bare_v6.has_value()) << error;
  EXPECT_EQ(bare_v6->host, "::1");
  EXPECT_EQ(bare_v6->port, 443);
}

TEST(EgressOptionsTest, ParsesHttpGetDnsQueryAndIcmp) {
  std::string error;
  auto command =
      Parse({"--http-get", "198.18.0.2:3128=http://allowed.example.test/a/b", "--dns-query",
             "x.canary.example.test@198.18.0.53", "--icmp", "198.18.0.11"},
            &error);
  ASSERT_TRUE(command.has_value()) << error;
  const ObserveOptions& options = command->observe;
  ASSERT_EQ(options.http_gets.size(), 1u);
  EXPECT_EQ(options.http_gets[0].via.host, "198.18.0.2");
  EXPECT_EQ(options.http_gets[0].via.port, 3128);
  EXPECT_EQ(options.http_gets[0].url, "http://allowed.example.test/a/b");
  EXPECT_EQ(options.http_gets[0].host, "allowed.example.test");
  ASSERT_EQ(options.dns_queries.size(), 1u);
  EXPECT_EQ(options.dns_queries[0].name, "x.canary.example.test");
  EXPECT_EQ(options.dns_queries[0].server, "198.18.0.53");
  EXPECT_THAT(options.icmp_hosts, ElementsAre("198.18.0.11"));
}

TEST(EgressOptionsTest, AnHttpsGetTunnelsToItsAuthorityAndVerifiesAgainstTheCaFile) {
  std::string error;
  auto command = Parse(
      {"--http-get", "198.18.0.2:3128=https://api.anthropic.com/v1/messages", "--http-get",
       "198.18.0.2:3128=https://a.test:8443", "--ca-file", "/etc/ssl/certs/sandcheck-proxy-ca.pem"},
      &error);
  ASSERT_TRUE(command.has_value()) << error;
  const ObserveOptions& options = command->observe;
  ASSERT_EQ(options.http_gets.size(), 2u);
  EXPECT_TRUE(options.http_gets[0].tls);
  EXPECT_EQ(options.http_gets[0].authority, "api.anthropic.com:443");
  EXPECT_EQ(options.http_gets[0].path, "/v1/messages");
  EXPECT_EQ(options.http_gets[0].host, "api.anthropic.com");
  EXPECT_EQ(options.http_gets[1].authority, "a.test:8443");
  EXPECT_EQ(options.http_gets[1].path, "/");
  EXPECT_EQ(options.ca_file, "/etc/ssl/certs/sandcheck-proxy-ca.pem");
  EXPECT_FALSE(Parse({"--ca-file", "relative.pem"}, &error));
}

TEST(EgressOptionsTest, AnHttpSendCarriesAnyByteAndItsTunnel) {
  std::string error;
  auto command = Parse(
      {"--http-send",
       R"(198.18.0.2:3128={"id":"nul","request":"GET http://a.test\u0000.b.test/ HTTP/1.1\r\n\r\n"})",
       "--http-send",
       R"(198.18.0.2:3128={"id":"front","request":"GET / HTTP/1.1\r\n\r\n","connect":"a.test:443","sni":"b.test"})"},
      &error);
  ASSERT_TRUE(command.has_value()) << error;
  const auto& sends = command->observe.raw_https;
  ASSERT_EQ(sends.size(), 2u);
  EXPECT_EQ(sends[0].id, "nul");
  EXPECT_EQ(sends[0].request, std::string("GET http://a.test\0.b.test/ HTTP/1.1\r\n\r\n", 39));
  EXPECT_EQ(sends[0].via.port, 3128);
  EXPECT_TRUE(sends[0].connect.empty());
  EXPECT_EQ(sends[1].connect, "a.test:443");
  EXPECT_EQ(sends[1].sni, "b.test");
  EXPECT_FALSE(Parse({"--http-send", R"(198.18.0.2:3128={"request":"GET"})"}, &error));
  EXPECT_THAT(error, HasSubstr("\"id\""));
  EXPECT_FALSE(
      Parse({"--http-send", R"(198.18.0.2:3128={"id":"x","request":"G","sni":"b"})"}, &error));
  EXPECT_THAT(error, HasSubstr("needs"));
  EXPECT_FALSE(Parse({"--http-send", "198.18.0.2:3128=not json"}, &error));
}

TEST(EgressOptionsTest, ADnsQueryMayAskForTxtOrAaaa) {
  std::string error;
  auto command = Parse({"--dns-query", "TXT:x.canary.example.test@198.18.0.53", "--dns-query",
                        "AAAA:y.test@198.18.0.53", "--dns-query", "z.test@198.18.0.53"},
                       &error);
  ASSERT_TRUE(command.has_value()) << error;
  const auto& queries = command->observe.dns_queries;
  ASSERT_EQ(queries.size(), 3u);
  EXPECT_EQ(queries[0].name, "x.canary.example.test");
  EXPECT_EQ(queries[0].type, 16);
  EXPECT_EQ(queries[1].type, 28);
  EXPECT_EQ(queries[2].type, 1);
}

TEST(EgressOptionsTest, RejectsNamesWhereAddressesBelongAndOtherSchemes) {
  std::string error;
  EXPECT_FALSE(Parse({"--http-get", "proxy:3128=http://a.test/"}, &error));
  EXPECT_THAT(error, HasSubstr("numeric"));
  EXPECT_FALSE(Parse({"--http-get", "198.18.0.2:3128=ftp://a.test/"}, &error));
  EXPECT_THAT(error, HasSubstr("https://"));
  EXPECT_FALSE(Parse({"--http-get", "198.18.0.2:3128=http://a b/"}, &error));
  EXPECT_FALSE(Parse({"--dns-query", "x.test@resolver"}, &error));
  EXPECT_THAT(error, HasSubstr("SERVER"));
  EXPECT_FALSE(Parse({"--dns-query", "@198.18.0.53"}, &error));
  EXPECT_FALSE(Parse({"--icmp", "::1"}, &error));
  EXPECT_THAT(error, HasSubstr("IPv4"));
}

Json NoSection(const ObserveOptions&) { return nullptr; }
bool ForkBombAsked(const ObserveOptions& options) { return options.fork_bomb.has_value(); }

constexpr SectionInfo kRegistry[] = {
    {"identity", NoSection},
    {"mounts", NoSection},
    {"tmp", NoSection},
    {"fork_bomb", NoSection, ForkBombAsked},
};

std::vector<std::string_view> Names(const std::vector<const SectionInfo*>& sections) {
  std::vector<std::string_view> names;
  for (const SectionInfo* section : sections) names.push_back(section->name);
  return names;
}

TEST(SelectSectionsTest, DefaultsAreEveryDefaultSectionInRegistryOrder) {
  std::string error;
  auto selected = SelectSections(ObserveOptions{}, kRegistry, &error);
  ASSERT_TRUE(selected.has_value()) << error;
  EXPECT_THAT(Names(*selected), ElementsAre("identity", "mounts", "tmp"));
}

TEST(SelectSectionsTest, OnDemandSectionsJoinWhenTheirOptionIsGiven) {
  ObserveOptions options;
  options.fork_bomb = 4;
  std::string error;
  auto all = SelectSections(options, kRegistry, &error);
  ASSERT_TRUE(all.has_value()) << error;
  EXPECT_THAT(Names(*all), ElementsAre("identity", "mounts", "tmp", "fork_bomb"));

  options.only = {"fork_bomb"};
  auto only = SelectSections(options, kRegistry, &error);
  ASSERT_TRUE(only.has_value()) << error;
  EXPECT_THAT(Names(*only), ElementsAre("fork_bomb"));
}

TEST(SelectSectionsTest, OnlyKeepsRegistryOrder) {
  ObserveOptions options;
  options.only = {"tmp", "identity"};
  std::string error;
  auto selected = SelectSections(options, kRegistry, &error);
  ASSERT_TRUE(selected.has_value()) << error;
  EXPECT_THAT(Names(*selected), ElementsAre("identity", "tmp"));
}

TEST(SelectSectionsTest, RejectsUnknownSectionsAndOnDemandOnesWithoutTheirOption) {
  ObserveOptions options;
  std::string error;
  options.only = {"identiy"};
  EXPECT_FALSE(SelectSections(options, kRegistry, &error).has_value());
  EXPECT_THAT(error, HasSubstr("unknown section 'identiy'"));
  options.only = {"fork_bomb"};
  EXPECT_FALSE(SelectSections(options, kRegistry, &error).has_value());
  EXPECT_THAT(error, HasSubstr("needs its own option"));
}

}  // namespace
}  // namespace sandcheck::probe
