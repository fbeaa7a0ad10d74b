#pragma once

// A scripted engine for the router's tests: it "translates" by upper-casing the text outside
// protected spans and tagging the segment with its target, and records what it was sent.

#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "translate/spans.hpp"
#include "translate/translator.hpp"

namespace plaza::translate::testing {

class FakeEngine final : public Engine {
 public:
  FakeEngine(std::string name, std::vector<std::pair<std::string, std::string>> pairs)
      : name_(std::move(name)), pairs_(std::move(pairs)) {}

  std::string_view Name() const override { return name_; }
  std::vector<std::pair<std::string, std::string>> Pairs() const override { return pairs_; }

  Result<std::vector<std::string>> Translate(std::string_view from, std::string_view to,
                                             const std::vector<std::string>& segments) override {
    std::lock_guard lock(mutex_);
    if (fail_) return Fail(Errc::kUnavailable, name_ + " is down");
    std::vector<std::string> out;
    for (const std::string& segment : segments) {
      sent_.push_back(segment);
      calls_.emplace_back(std::string(from), std::string(to));
      std::string translated;
      for (const Piece& piece : SplitSpans(segment)) {
        if (piece.is_protected) {
          translated += Protect(piece.text);
          continue;
        }
        for (char c : piece.text) {
          translated += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
        }
      }
      out.push_back(std::move(translated));
    }
    return out;
  }

  void set_fail(bool fail) {
    std::lock_guard lock(mutex_);
    fail_ = fail;
  }
  std::vector<std::string> sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
  }
  std::vector<std::pair<std::string, std::string>> calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  std::string name_;
  std::vector<std::pair<std::string, std::string>> pairs_;
  mutable std::mutex mutex_;
  bool fail_ = false;
  std::vector<std::string> sent_;
  std::vector<std::pair<std::string, std::string>> calls_;
};

}  // namespace plaza::translate::testing
