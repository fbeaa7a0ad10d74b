#pragma once

// OpenCC (libopencc, in process): zh-Hans → zh-Hant with Taiwan phrases (s2twp.json) and
// zh-Hant → zh-Hans (tw2sp.json). Protected spans are left out of the conversion.

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "translate/translator.hpp"

namespace plaza::translate {

class OpenccEngine final : public Engine {
 public:
  /// Opens both configurations (`config_dir` "" = OpenCC's installed data). kUnavailable, with
  /// OpenCC's message, when either cannot be opened.
  static Result<std::unique_ptr<OpenccEngine>> Create(const std::string& config_dir = "");
  ~OpenccEngine() override;

  std::string_view Name() const override { return "opencc"; }
  std::vector<std::pair<std::string, std::string>> Pairs() const override;
  Result<std::vector<std::string>> Translate(std::string_view from, std::string_view to,
                                             const std::vector<std::string>& segments) override;

  struct Converter;

 private:
  OpenccEngine() = default;
  std::unique_ptr<Converter> to_hant_;
  std::unique_ptr<Converter> to_hans_;
};

}  // namespace plaza::translate
