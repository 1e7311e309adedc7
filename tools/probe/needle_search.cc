#include "tools/probe/needle_search.h"

#include <algorithm>

namespace sandcheck::probe {

NeedleSearch::NeedleSearch(std::vector<std::string> needles)
    : needles_(std::move(needles)), found_(needles_.size(), false) {
  for (const std::string& needle : needles_) longest_ = std::max(longest_, needle.size());
}

void NeedleSearch::Reset() {
  std::fill(found_.begin(), found_.end(), false);
  carry_.clear();
}

void NeedleSearch::Feed(std::string_view chunk) {
  // Searching carry + chunk finds needles that begin in the previous chunk.
  std::string window = carry_;
  window.append(chunk);
  for (size_t i = 0; i < needles_.size(); ++i) {
    if (!found_[i] && !needles_[i].empty() && window.find(needles_[i]) != std::string::npos) {
      found_[i] = true;
    }
  }
  size_t keep = longest_ > 0 ? std::min(window.size(), longest_ - 1) : 0;
  carry_ = window.substr(window.size() - keep);
}

}  // namespace sandcheck::probe
