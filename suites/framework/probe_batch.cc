#include "suites/framework/probe_batch.h"

#include <boost/beast/core/detail/base64.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

namespace sandcheck {
namespace {

namespace base64 = boost::beast::detail::base64;

Result<std::string> Decoded(const nlohmann::json& record, const std::string& name) {
  if (!record.contains(name) || !record[name].is_string()) {
    return Fail("the record has no \"{}\" string", name);
  }
  const std::string& text = record[name].get_ref<const std::string&>();
  std::string encoding = record.value(name + "_encoding", "");
  if (encoding == "utf-8") return text;
  if (encoding != "base64") return Fail("unknown {}_encoding \"{}\"", name, encoding);
  std::string bytes(base64::decoded_size(text.size()), '\0');
  auto [written, read] = base64::decode(bytes.data(), text.data(), text.size());
  if (text.find_first_not_of('=', read) != std::string::npos) {  // stopped before the padding
    return Fail("{} is not valid base64", name);
  }
  bytes.resize(written);
  return bytes;
}

Result<ProcessOutcome> OutcomeOf(const nlohmann::json& record) {
  if (record.contains("exec_error") && record["exec_error"].is_string()) {
    return Fail("the probe could not start the command: {}",
                record["exec_error"].get<std::string>());
  }
  ProcessOutcome outcome;
  outcome.timed_out = record.value("timed_out", false);
  if (record.contains("exit_code") && record["exit_code"].is_number_integer()) {
    outcome.exit_code = record["exit_code"].get<int>();
  } else if (record.contains("signal") && record["signal"].is_number_integer()) {
    outcome.signaled = true;
    outcome.term_signal = record["signal"].get<int>();
  } else if (!outcome.timed_out) {
    return Fail("the record has neither an exit code, a signal nor a timeout");
  }
  ASSIGN_OR_RETURN(outcome.out, Decoded(record, "stdout"));
  ASSIGN_OR_RETURN(outcome.err, Decoded(record, "stderr"));
  outcome.elapsed = Duration(record.value("elapsed_ms", 0));
  return outcome;
}

}  // namespace

std::string BatchInput(const std::vector<BatchCommand>& commands) {
  nlohmann::json list = nlohmann::json::array();
  for (const BatchCommand& command : commands) {
    list.push_back({{"argv", command.argv},
                    {"stdin", command.stdin_data},
                    {"timeout_ms", command.timeout.count()}});
  }
  return nlohmann::json{{"commands", list}}.dump();
}

std::vector<Result<ProcessOutcome>> ReadBatchOutput(const Result<ProcessOutcome>& exec,
                                                    size_t count) {
  std::vector<Result<ProcessOutcome>> results;
  if (exec.ok()) {
    std::istringstream lines(exec->out);
    std::string line;
    while (results.size() < count && std::getline(lines, line)) {
      auto record = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (!record.is_object() || record.value("index", count) != results.size()) {
        results.push_back(Fail("batch record {} is not the probe's JSON line: {}", results.size(),
                               Tail(line, 200)));
        break;  // the rest cannot be matched to commands
      }
      results.push_back(
          WithContext(OutcomeOf(record), fmt::format("batch record {}", results.size())));
    }
  }
  std::string why = exec.ok()
                        ? fmt::format("the batch exec ended ({}) after {} of {} commands: {}",
                                      exec->DescribeEnd(), results.size(), count, Tail(exec->err))
                        : fmt::format("the batch exec failed: {}", exec.message());
  while (results.size() < count) results.push_back(Fail("{}", why));
  return results;
}

std::vector<Result<ProcessOutcome>> ExecBatch(Sandbox& sandbox,
                                              const std::vector<BatchCommand>& commands,
                                              const std::map<std::string, std::string>& env,
                                              Duration overhead) {
  if (commands.empty()) return {};
  ExecRequest request;
  request.argv = {std::string(kProbePathInSandbox), "batch"};
  request.env = env;
  request.stdin_data = BatchInput(commands);
  request.timeout = overhead;
  for (const BatchCommand& command : commands) *request.timeout += command.timeout;
  auto exec = WithContext(sandbox.Exec(request), fmt::format("batch of {} commands in {}",
                                                             commands.size(), sandbox.name()));
  return ReadBatchOutput(exec, commands.size());
}

}  // namespace sandcheck
