#include "tests/probe/probe_test_util.h"

namespace sandcheck::probe_test {

std::filesystem::path ProbePath() { return SANDCHECK_PROBE_PATH; }

Result<ProbeRun> RunAndParse(const ProcessSpec& spec) {
  ASSIGN_OR_RETURN(ProcessOutcome outcome, RunProcess(spec));
  ProbeRun run{std::move(outcome), nullptr};
  if (run.outcome.Succeeded()) {
    try {
      run.document = Json::parse(run.outcome.out);
    } catch (const Json::exception& error) {
      return Fail("{}: stdout is not JSON ({}): {}", CommandLine(spec.argv), error.what(),
                  Tail(run.outcome.out));
    }
  }
  return run;
}

Result<ProbeRun> RunProbe(const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env) {
  ProcessSpec spec;
  spec.argv = {ProbePath().string()};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.env_overrides = env;
  spec.timeout = std::chrono::seconds(60);
  return RunAndParse(spec);
}

std::vector<std::string> BrokenSections(const Json& document) {
  std::vector<std::string> broken;
  for (const std::string& name : kDefaultSections) {
    if (!document.contains(name)) {
      broken.push_back(name + ": missing");
    } else if (document[name].contains("error")) {
      broken.push_back(name + ": " + document[name]["error"].dump());
    }
  }
  return broken;
}

}  // namespace sandcheck::probe_test
