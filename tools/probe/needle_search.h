// Finds secrets ("needles") in a byte stream read chunk by chunk, including a needle that
// straddles two chunks, without holding the whole file in memory.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sandcheck::probe {

class NeedleSearch {
 public:
  explicit NeedleSearch(std::vector<std::string> needles);

  // Starts a new stream (file): forgets the carried-over tail and the previous matches.
  void Reset();
  // Feeds the next chunk of the current stream.
  void Feed(std::string_view chunk);
  // found()[i]: whether needle i (in the constructor's order) was seen in this stream.
  const std::vector<bool>& found() const { return found_; }

 private:
  std::vector<std::string> needles_;
  std::vector<bool> found_;
  size_t longest_ = 0;
  std::string carry_;  // the last (longest needle - 1) bytes of the stream so far
};

}  // namespace sandcheck::probe
