#pragma once

// A scripted translation service for the translations module's tests (test code only): routes
// as the real router would build them from Apertium's modes (en→fr through es), an online
// engine for Japanese, no route into Russian, and translations that are the text tagged with
// its target, so a test sees what was translated into what. Failures can be scripted.

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "translate/translator.hpp"

namespace plaza::translation::testing {

class ScriptedTranslator final : public translate::Translator {
 public:
  ScriptedTranslator() {
    auto hop = [](const char* engine, const char* from, const char* to) {
      return translate::Hop{engine, from, to};
    };
    routes_[{"en", "es"}] = {{hop("apertium", "en", "es")}};
    routes_[{"es", "en"}] = {{hop("apertium", "es", "en")}};
    routes_[{"en", "fr"}] = {{hop("apertium", "en", "es"), hop("apertium", "es", "fr")}};
    routes_[{"fr", "en"}] = {{hop("apertium", "fr", "es"), hop("apertium", "es", "en")}};
    routes_[{"en", "pt-BR"}] = {{hop("apertium", "en", "es"), hop("apertium", "es", "pt-BR")}};
    routes_[{"en", "ja"}] = {{hop("llm", "en", "ja")}};
    routes_[{"zh-Hans", "zh-Hant"}] = {{hop("opencc", "zh-Hans", "zh-Hant")}};
  }

  /// Replaces (or, with nullopt, removes) the route of a pair.
  void SetRoute(const std::string& from, const std::string& to,
                std::optional<translate::Route> route) {
    std::lock_guard lock(mu_);
    if (route) {
      routes_[{from, to}] = std::move(*route);
    } else {
      routes_.erase({from, to});
    }
  }
  /// The next `count` translations fail (kUnavailable), as a crashed or hung engine would.
  void FailNext(int count) { fail_next_ = count; }
  int calls() const { return calls_; }

  std::optional<translate::Route> RouteFor(std::string_view from,
                                           std::string_view target) const override {
    std::lock_guard lock(mu_);
    auto it = routes_.find({std::string(from), std::string(target)});
    if (it == routes_.end()) return std::nullopt;
    return it->second;
  }
  std::vector<std::pair<std::pair<std::string, std::string>, translate::Route>> Routes()
      const override {
    std::lock_guard lock(mu_);
    return {routes_.begin(), routes_.end()};
  }
  bool IsOffline(const translate::Route& route) const override {
    for (const translate::Hop& hop : route.hops) {
      if (hop.engine != "apertium" && hop.engine != "opencc") return false;
    }
    return true;
  }
  Result<std::string> TranslateMarkdown(const translate::Route& route,
                                        std::string_view markdown) const override {
    return Translate(route, markdown);
  }
  Result<std::string> TranslatePlain(const translate::Route& route,
                                     std::string_view text) const override {
    return Translate(route, text);
  }

 private:
  Result<std::string> Translate(const translate::Route& route, std::string_view text) const {
    ++calls_;
    if (fail_next_ > 0) {
      --fail_next_;
      return Fail(Errc::kUnavailable, "apertium: the pipeline timed out");
    }
    return "[" + route.hops.back().to + "] " + std::string(text);
  }

  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, translate::Route> routes_;  // GUARDED_BY(mu_)
  mutable std::atomic<int> fail_next_{0};
  mutable std::atomic<int> calls_{0};
};

}  // namespace plaza::translation::testing
