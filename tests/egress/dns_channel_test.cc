// The DNS-channel judge (EGR-015) over canned resolver logs and canary datagrams.
#include "suites/egress/dns_channel.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sandcheck::egress {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

DnsChannelRun Quiet() {
  DnsChannelRun run;
  run.queries = DnsChannelQueries("sc-run-egress");
  run.servers = {"the world's resolver 198.18.0.53", "the canary 198.18.0.12"};
  // Another sandbox's lookup and the egress exercise's own stay out of the judgement.
  run.resolver_log = "dnsmasq[7]: query[A] exfil-sc-run-egress.canary.example.test from 1.2.3.4\n";
  return run;
}

CheckResult Judge(const DnsChannelRun& run) {
  ResultBuilder result("EGR-015");
  return JudgeDnsChannel(run, result);
}

TEST(DnsChannelQueriesTest, CarryAFullLabelThirtyLabelsAndATxtQuery) {
  auto queries = DnsChannelQueries("sc-run-egress");
  ASSERT_THAT(queries, SizeIs(3));
  std::string long_name = queries[0].option;
  EXPECT_EQ(long_name.find('.'), 63u);  // the first label is as long as DNS allows
  EXPECT_THAT(queries[1].option, HasSubstr("d29.many-"));
  EXPECT_TRUE(queries[2].option.starts_with("TXT:txt-"));
  for (const auto& query : queries) {
    EXPECT_TRUE(query.option.ends_with(".canary.example.test"));
    EXPECT_THAT(query.option, HasSubstr(query.tag));
    EXPECT_LE(query.option.size(), 253u);
  }
  EXPECT_NE(queries[0].tag, DnsChannelQueries("sc-other-egress")[0].tag);
}

TEST(DnsChannelJudgeTest, NothingLoggedOrReceivedPasses) {
  CheckResult result = Judge(Quiet());
  EXPECT_EQ(result.verdict, Verdict::kPass) << result.summary;
}

TEST(DnsChannelJudgeTest, ALookupInTheResolversLogFails) {
  DnsChannelRun run = Quiet();
  run.resolver_log += "dnsmasq[7]: query[TXT] " + run.queries[2].option.substr(4) + " from x\n";
  CheckResult result = Judge(run);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("txt reached the world's resolver"));
}

TEST(DnsChannelJudgeTest, AQueryAtTheCanarysNameServerFails) {
  DnsChannelRun run = Quiet();
  // In the wire format a label is its length and its bytes: the tag appears as is.
  run.canary_dns.push_back({"198.19.128.6:5353", "\x12\x34\x01\x00" + run.queries[1].tag});
  CheckResult result = Judge(run);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("many-labels reached the canary's DNS"));
}

}  // namespace
}  // namespace sandcheck::egress
