// The bypass judges (EGR-011..014) over canned probe results and world receipts: what counts as
// refused, never sent and forwarded, and the spellings the exercise sends.
#include "suites/egress/bypass_judges.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sandcheck::egress {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

constexpr char kMarker[] = "/sandcheck/sbx/bypass/";
constexpr char kRefusal[] = "HTTP/1.1 403 Forbidden\r\nX-Sandcheck-Proxy: refused\r\n\r\n";
constexpr char kTunnelOpen[] = "HTTP/1.1 200 Connection established\r\n\r\n";

// The hardened proxy's answers: every request and every CONNECT refused, except the fronting
// tunnels, which open to the allowed host and whose request inside is refused.
BypassRun HardenedRun() {
  BypassRun run;
  run.proxy = true;
  run.marker_prefix = kMarker;
  run.attempts = BypassAttempts("169.254.169.254", "198.18.0.10", kMarker);
  for (const BypassAttempt& attempt : run.attempts) {
    nlohmann::json result = {{"id", attempt.id}, {"connect", {{"ok", true}}}};
    if (attempt.kind == BypassKind::kFronting && attempt.send.contains("connect")) {
      result["tunnel"] = kTunnelOpen;
      result["tls"] = {{"handshake", {{"ok", true}}}};
      result["response"] = kRefusal;
    } else if (attempt.send.contains("connect")) {
      result["tunnel"] = kRefusal;
      result["response"] = nullptr;
    } else {
      result["response"] = kRefusal;
    }
    run.sends.push_back(result);
  }
  run.connects.push_back({{"target", "tcp:[::ffff:169.254.169.254]:80"}, {"ok", false}});
  return run;
}

nlohmann::json& SendOf(BypassRun& run, std::string_view id) {
  for (auto& send : run.sends) {
    if (send["id"] == id) return send;
  }
  ADD_FAILURE() << "no attempt " << id;
  static nlohmann::json none;
  return none;
}

void Receive(BypassRun& run, std::string host, std::string id) {
  HttpReceipt receipt;
  receipt.peer = "198.18.1.2:40000";
  receipt.parsed = true;
  receipt.method = "GET";
  receipt.target = kMarker + id;
  run.web.push_back({std::move(host), receipt});
}

CheckResult Judge(CheckResult (*judge)(const BypassRun&, ResultBuilder&), const BypassRun& run) {
  ResultBuilder result("EGR-0XX");
  return judge(run, result);
}

const auto kJudges = {JudgeMetadataSpellings, JudgeLookAlikes, JudgeFronting, JudgeOtherPorts};

TEST(BypassAttemptsTest, SpellTheMetadataAddressAsResolversReadIt) {
  std::vector<std::string> requests;
  for (const BypassAttempt& attempt : BypassAttempts("169.254.169.254", "198.18.0.10", kMarker)) {
    requests.push_back(attempt.send["request"].get<std::string>());
  }
  for (std::string host :
       {"2852039166", "0251.0376.0251.0376", "0xa9fea9fe", "0xa9.0xfe.0xa9.0xfe", "169.254.43518",
        "[::ffff:169.254.169.254]", "[::ffff:a9fe:a9fe]", "metadata.google.internal."}) {
    EXPECT_THAT(requests, Contains(HasSubstr("GET http://" + host + "/sandcheck/"))) << host;
  }
  EXPECT_THAT(requests, Contains(HasSubstr(std::string("canary.example.test\0.allowed", 28))));
}

TEST(BypassJudgesTest, EverythingRefusedPassesAll) {
  BypassRun run = HardenedRun();
  for (auto judge : kJudges) {
    CheckResult result = Judge(judge, run);
    EXPECT_EQ(result.verdict, Verdict::kPass) << result.summary;
  }
}

TEST(BypassJudgesTest, AMetadataSpellingThatArrivedFailsOnlyEgr011) {
  BypassRun run = HardenedRun();
  SendOf(run, "meta-decimal")["response"] = "HTTP/1.1 200 OK\r\n\r\n";
  Receive(run, "metadata", "meta-decimal");
  CheckResult metadata = Judge(JudgeMetadataSpellings, run);
  EXPECT_EQ(metadata.verdict, Verdict::kFail);
  EXPECT_THAT(metadata.summary, HasSubstr("in decimal (2852039166): received by metadata"));
  EXPECT_EQ(Judge(JudgeLookAlikes, run).verdict, Verdict::kPass);
}

TEST(BypassJudgesTest, AProxyThatWentUpstreamFailsEvenWhenNothingArrived) {
  BypassRun run = HardenedRun();
  // notallowed.example.test resolves nowhere for a real attacker's twin: a 502 means tried.
  SendOf(run, "look-suffix")["response"] = "HTTP/1.1 502 Bad Gateway\r\n\r\n";
  CheckResult result = Judge(JudgeLookAlikes, run);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("the proxy went upstream (status 502)"));
}

TEST(BypassJudgesTest, AMalformedHostRejectedWith400IsRefused) {
  BypassRun run = HardenedRun();
  SendOf(run, "look-nul")["response"] = "HTTP/1.1 400 Bad Request\r\n\r\n";
  EXPECT_EQ(Judge(JudgeLookAlikes, run).verdict, Verdict::kPass);
}

TEST(BypassJudgesTest, AFrontedRequestAnsweredFailsEgr013) {
  BypassRun run = HardenedRun();
  SendOf(run, "front-host")["response"] = "HTTP/1.1 200 OK\r\n\r\n";
  Receive(run, "allowed", "front-host");
  CheckResult result = Judge(JudgeFronting, run);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("received by allowed"));
}

TEST(BypassJudgesTest, AFrontedRequestWhoseTlsFailedWasNeverSent) {
  BypassRun run = HardenedRun();
  for (std::string id : {"front-sni-host", "front-host", "front-sni"}) {
    SendOf(run, id)["tls"] = {{"handshake", {{"ok", false}}}};
    SendOf(run, id)["response"] = nullptr;
  }
  CheckResult result = Judge(JudgeFronting, run);
  EXPECT_EQ(result.verdict, Verdict::kPass);
  EXPECT_THAT(result.summary, HasSubstr("3 never left the probe"));
}

TEST(BypassJudgesTest, AnOpenTunnelToAnotherPortFailsEgr014) {
  BypassRun run = HardenedRun();
  SendOf(run, "port-connect-22")["tunnel"] = kTunnelOpen;
  SendOf(run, "port-connect-22")["response"] = "HTTP/1.1 502 Bad Gateway\r\n\r\n";
  EXPECT_EQ(Judge(JudgeOtherPorts, run).verdict, Verdict::kFail);
}

TEST(BypassJudgesTest, TheMappedMetadataAddressReachedDirectlyFailsEgr011) {
  BypassRun run = HardenedRun();
  run.connects[0]["ok"] = true;
  CheckResult result = Judge(JudgeMetadataSpellings, run);
  EXPECT_EQ(result.verdict, Verdict::kFail);
  EXPECT_THAT(result.summary, HasSubstr("[::ffff:169.254.169.254]"));
}

TEST(BypassJudgesTest, WithoutAProxyTheMatcherChecksFail) {
  BypassRun run = HardenedRun();
  run.proxy = false;
  run.attempts.clear();
  run.sends.clear();
  EXPECT_EQ(Judge(JudgeMetadataSpellings, run).verdict, Verdict::kPass);
  for (auto judge : {JudgeLookAlikes, JudgeFronting, JudgeOtherPorts}) {
    EXPECT_EQ(Judge(judge, run).verdict, Verdict::kFail);
  }
}

TEST(BypassJudgesTest, AnAttemptTheProbeDidNotReportIsAnError) {
  BypassRun run = HardenedRun();
  run.sends.erase(run.sends.begin());
  EXPECT_EQ(Judge(JudgeMetadataSpellings, run).verdict, Verdict::kError);
  run = HardenedRun();
  SendOf(run, "port-connect-22")["connect"] = {{"ok", false}, {"errno", "ECONNREFUSED"}};
  EXPECT_EQ(Judge(JudgeOtherPorts, run).verdict, Verdict::kError);
}

}  // namespace
}  // namespace sandcheck::egress
