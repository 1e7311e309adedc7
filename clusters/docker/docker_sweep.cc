#include "clusters/docker/docker_sweep.h"

#include <map>

#include "clusters/docker/container_spec.h"
#include "core/log.h"

namespace sandcheck {
namespace {

using nlohmann::json;

std::string LabelFilter() {
  return UrlEncode(json{{"label", json::array({std::string(kRunLabel)})}}.dump());
}

std::string LabelOf(const json& labels, std::string_view name) {
  if (!labels.is_object()) return "";
  auto it = labels.find(std::string(name));
  return it != labels.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

Result<std::vector<LabelledObject>> ListLabelledObjects(const EngineClient& engine,
                                                        Duration timeout) {
  std::vector<LabelledObject> objects;
  ASSIGN_OR_RETURN(
      json containers,
      engine.Json("GET", "/containers/json?all=true&filters=" + LabelFilter(), nullptr, timeout));
  for (const auto& container : containers) {
    objects.push_back({"container", container.value("Id", ""),
                       LabelOf(container["Labels"], kRunLabel),
                       LabelOf(container["Labels"], kStateLabel)});
  }
  ASSIGN_OR_RETURN(json volumes,
                   engine.Json("GET", "/volumes?filters=" + LabelFilter(), nullptr, timeout));
  if (volumes.contains("Volumes") && volumes["Volumes"].is_array()) {
    for (const auto& volume : volumes["Volumes"]) {
      objects.push_back({"volume", volume.value("Name", ""), LabelOf(volume["Labels"], kRunLabel),
                         LabelOf(volume["Labels"], kStateLabel)});
    }
  }
  ASSIGN_OR_RETURN(json networks,
                   engine.Json("GET", "/networks?filters=" + LabelFilter(), nullptr, timeout));
  for (const auto& network : networks) {
    objects.push_back({"network", network.value("Id", ""), LabelOf(network["Labels"], kRunLabel),
                       LabelOf(network["Labels"], kStateLabel)});
  }
  return objects;
}

Status RemoveLabelledObject(const EngineClient& engine, const LabelledObject& object,
                            Duration timeout) {
  std::string path = object.kind == "container" ? "/containers/" + object.id + "?force=true"
                     : object.kind == "volume"  ? "/volumes/" + object.id + "?force=true"
                                                : "/networks/" + object.id;
  ASSIGN_OR_RETURN(EngineResponse response, engine.Call({"DELETE", path, "", "", timeout}));
  if (response.timed_out) return Fail("DELETE {}: no answer in time", path);
  if (response.status == 204 || response.status == 200 || response.status == 404) {
    return Status::Ok();
  }
  return Fail("DELETE {}: HTTP {}: {}", path, response.status, response.body.substr(0, 300));
}

Status SweepAbandonedEngineObjects(const EngineClient& engine,
                                   const std::filesystem::path& state_dir, const RunId& self,
                                   Duration timeout) {
  ASSIGN_OR_RETURN(auto objects, ListLabelledObjects(engine, timeout));
  std::map<std::string, std::vector<LabelledObject>> by_run;
  for (auto& object : objects) {
    if (object.state_dir == state_dir.string()) by_run[object.run].push_back(std::move(object));
  }

  std::string failures;
  for (const auto& [name, owned] : by_run) {
    auto run = RunId::Parse(name);
    if (!run.ok() || *run == self) continue;  // not a run id of ours, or this run
    auto lock = RunLock::Acquire(state_dir / "locks", *run);
    if (!lock.ok()) continue;  // alive
    SC_INFO("sweep: removing {} engine objects of abandoned run {}", owned.size(), name);
    // Containers first: a volume or network in use cannot go.
    for (const char* kind : {"container", "volume", "network"}) {
      for (const auto& object : owned) {
        if (object.kind != kind) continue;
        Status removed = RemoveLabelledObject(engine, object, timeout);
        if (removed.ok()) continue;
        if (!failures.empty()) failures += "; ";
        failures += removed.message();
      }
    }
  }
  if (failures.empty()) return Status::Ok();
  return Error{failures};
}

std::filesystem::path DockerRunDir(const std::filesystem::path& state_dir, const RunId& run) {
  return state_dir / "docker-run" / run.str();
}

Status SweepAbandonedRunDirs(const std::filesystem::path& state_dir, const RunId& self) {
  std::error_code ec;
  std::filesystem::path parent = state_dir / "docker-run";
  if (!std::filesystem::is_directory(parent, ec)) return Status::Ok();
  std::string failures;
  for (const auto& entry : std::filesystem::directory_iterator(parent, ec)) {
    auto run = RunId::Parse(entry.path().filename().string());
    if (!run.ok() || *run == self) continue;
    auto lock = RunLock::Acquire(state_dir / "locks", *run);
    if (!lock.ok()) continue;  // alive
    std::error_code removed;
    std::filesystem::remove_all(entry.path(), removed);
    if (!removed) {
      SC_INFO("sweep: removed {} of abandoned run {}", entry.path().string(), run->str());
      continue;
    }
    if (!failures.empty()) failures += "; ";
    failures += fmt::format("remove {}: {}", entry.path().string(), removed.message());
  }
  if (ec) return Fail("list {}: {}", parent.string(), ec.message());
  if (failures.empty()) return Status::Ok();
  return Error{failures};
}

}  // namespace sandcheck
