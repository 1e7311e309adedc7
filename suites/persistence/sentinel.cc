#include "suites/persistence/sentinel.h"

#include "core/log.h"
#include "suites/credentials/canaries.h"
#include "suites/framework/probe.h"
#include "suites/framework/probe_batch.h"

namespace sandcheck {
namespace {

// $1 directory, $2 path, $3 content. busybox and coreutils `sync FILE...` fsync each file.
constexpr char kWriteScript[] = "mkdir -p \"$1\" && printf %s \"$3\" > \"$2\"";
constexpr char kSyncScript[] = " && sync \"$2\" \"$1\"";

}  // namespace

Sentinel NewSentinel(const std::string& directory) {
  std::string token = RandomHex(8);
  std::string separator = directory.ends_with('/') ? "" : "/";
  return {directory, directory + separator + ".sandcheck-sentinel-" + token,
          "sandcheck-sentinel-" + token + "-" + RandomHex(8)};
}

Result<std::vector<WriteAttempt>> WriteInSandbox(Sandbox& sandbox,
                                                 const std::vector<SentinelWrite>& writes,
                                                 Duration timeout) {
  std::vector<BatchCommand> commands;
  for (const auto& [sentinel, durable] : writes) {
    std::string script = std::string(kWriteScript) + (durable ? kSyncScript : "");
    commands.push_back({{"/bin/sh", "-c", script, "sandcheck-sentinel", sentinel.directory,
                         sentinel.path, sentinel.content},
                        "",
                        timeout});
  }
  auto outcomes = ExecBatch(sandbox, commands, {}, timeout);
  std::vector<WriteAttempt> attempts;
  for (size_t i = 0; i < writes.size(); ++i) {
    const Sentinel& sentinel = writes[i].sentinel;
    ASSIGN_OR_RETURN(
        ProcessOutcome outcome,
        WithContext(std::move(outcomes[i]),
                    fmt::format("write sentinel {} in {}", sentinel.path, sandbox.name())));
    WriteAttempt& attempt = attempts.emplace_back();
    attempt.ok = outcome.Succeeded();
    attempt.evidence = {{"path", sentinel.path},
                        {"written_by", "agent in sandbox"},
                        {"script", commands[i].argv[2]},
                        {"end", outcome.DescribeEnd()},
                        {"stderr", Tail(outcome.err, 300)}};
    if (!attempt.ok) {
      attempt.failure = fmt::format("{}: {}", outcome.DescribeEnd(), Tail(outcome.err, 200));
    }
  }
  return attempts;
}

std::filesystem::path OnHost(const std::filesystem::path& directory, const Sentinel& sentinel) {
  return directory / std::filesystem::path(sentinel.path).filename();
}

WriteAttempt WriteOnHost(HostView& host, const std::filesystem::path& directory,
                         const Sentinel& sentinel) {
  auto path = OnHost(directory, sentinel);
  Status written = host.WriteFile(path, sentinel.content);
  WriteAttempt attempt{written.ok(), written.ok() ? "" : written.message(), {}};
  attempt.evidence = {{"path", path.string()}, {"written_by", "host"}, {"error", attempt.failure}};
  return attempt;
}

Result<std::vector<ReadFacts>> ReadInSandbox(Sandbox& sandbox,
                                             const std::vector<Sentinel>& sentinels,
                                             Duration timeout) {
  std::vector<std::string> options = {"--only", "files"};
  for (const Sentinel& sentinel : sentinels)
    options.insert(options.end(), {"--read", sentinel.path});
  ASSIGN_OR_RETURN(nlohmann::json document, RunProbe(sandbox, options, timeout));
  std::vector<ReadFacts> reads;
  for (const Sentinel& sentinel : sentinels) {
    ASSIGN_OR_RETURN(ReadFacts read, FindRead(document, sentinel.path));
    reads.push_back(std::move(read));
  }
  return reads;
}

ReadFacts ReadOnHost(HostView& host, const std::filesystem::path& directory,
                     const Sentinel& sentinel) {
  auto content = host.ReadFile(OnHost(directory, sentinel));
  if (!content.ok()) return ReadFacts{false, content.message(), "", false};
  return ReadFacts{true, "", *content, false};
}

void RemoveInSandbox(Sandbox& sandbox, const std::vector<Sentinel>& sentinels, Duration timeout) {
  if (sentinels.empty()) return;
  ExecRequest request;
  request.argv = {"/bin/rm", "-f"};
  for (const Sentinel& sentinel : sentinels) request.argv.push_back(sentinel.path);
  request.timeout = timeout;
  auto outcome = sandbox.Exec(request);
  if (!outcome.ok() || !outcome->Succeeded()) {
    SC_WARN(
        "could not remove sentinels in {}: {}", sandbox.name(),
        outcome.ok() ? outcome->DescribeEnd() + ": " + Tail(outcome->err, 200) : outcome.message());
  }
}

}  // namespace sandcheck
