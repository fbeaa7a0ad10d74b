#include "translate/translation_section.hpp"

#include <string>

#include "i18n/locales.hpp"

namespace plaza::translate {
namespace {

using TranslationConfig = config::Section<TranslationOptions>;

Status CheckEngine(TranslationOptions&, std::string_view v, std::string_view key) {
  for (std::string_view name : {"apertium", "opencc", "libretranslate", "llm"}) {
    if (v == name) return {};
  }
  return config::BadValue(
      key, "unknown engine '" + std::string(v) + "' (known: " + std::string(kEngineNames) + ")");
}

Status CheckEager(TranslationOptions&, std::string_view v, std::string_view key) {
  if (v == "offline" || FindLocale(v) != nullptr) return {};
  return config::BadValue(key, "'" + std::string(v) + "' is neither \"offline\" nor a locale");
}

Status CheckLanguage(TranslationOptions&, std::string_view v, std::string_view key) {
  if (FindContentLanguage(v) != nullptr) return {};
  return config::BadValue(key, "'" + std::string(v) + "' is not a content language code");
}

// A base URL key ("" allowed): http(s) only, trailing slashes removed.
TranslationConfig::Setter BaseUrl(std::string TranslationOptions::* field) {
  return [field](TranslationOptions& o, std::string_view v, std::string_view key) -> Status {
    auto url = config::ParseBaseUrl(key, v, /*allow_empty=*/true);
    if (!url) return std::unexpected(url.error());
    o.*field = std::move(*url);
    return {};
  };
}

TranslationConfig::Shower ShowText(std::string TranslationOptions::* field) {
  return [field](const TranslationOptions& o) { return config::Quoted(o.*field); };
}

TranslationConfig Declare() {
  TranslationConfig section("translation", "machine translation of posts: docs/translation.md");
  section
      .List("engines", &TranslationOptions::engines,
            "engines in order of preference (apertium, opencc, libretranslate, llm); a route "
            "prefers a direct pair, then fewer hops, then this order",
            &CheckEngine)
      .List("eager", &TranslationOptions::eager,
            "locales every post is translated into at publish; \"offline\" = every locale with "
            "an offline route (Apertium, OpenCC)",
            &CheckEager)
      .Integer("on_demand_per_minute", &TranslationOptions::on_demand_per_minute, 0, 10'000,
               "translation jobs one address may queue per minute for other locales")
      .Text("apertium_modes_dir", &TranslationOptions::apertium_modes_dir,
            "where Apertium's *.mode files are; each mode that answers a probe sentence at start "
            "is offered (never rus-ukr or ukr-rus)")
      .Integer("apertium_pool_size", &TranslationOptions::apertium_pool_size, 1, 16,
               "warm pipelines per mode at most (one starts at once, more while requests overlap)")
      .Integer("apertium_timeout_ms", &TranslationOptions::apertium_timeout_ms, 100u, 600'000u,
               "one segment; a pipeline past it is killed and restarted")
      .Scalar("libretranslate_url", BaseUrl(&TranslationOptions::libretranslate_url),
              ShowText(&TranslationOptions::libretranslate_url),
              "LibreTranslate-compatible server root (POST <url>/translate); \"\" = none. The "
              "only address the engine may call")
      .Text("libretranslate_api_key", &TranslationOptions::libretranslate_api_key,
            "sent as \"api_key\"; \"\" = none. Prefer PLAZA_TRANSLATION_LIBRETRANSLATE_API_KEY")
      .Integer("libretranslate_timeout_ms", &TranslationOptions::libretranslate_timeout_ms, 1u,
               3'600'000u, "one request, connecting included")
      .List("libretranslate_languages", &TranslationOptions::libretranslate_languages,
            "content codes it translates between (every ordered pair is offered)", &CheckLanguage)
      .Scalar("llm_url", BaseUrl(&TranslationOptions::llm_url),
              ShowText(&TranslationOptions::llm_url),
              "OpenAI-compatible API root that /chat/completions is appended to, e.g. "
              "\"http://127.0.0.1:8080/v1\"; \"\" = none. The only address the engine may call")
      .Text("llm_api_key", &TranslationOptions::llm_api_key,
            "sent as \"Authorization: Bearer <key>\"; \"\" = none. Prefer "
            "PLAZA_TRANSLATION_LLM_API_KEY")
      .Text("llm_model", &TranslationOptions::llm_model, "the request's \"model\"")
      .Integer("llm_timeout_ms", &TranslationOptions::llm_timeout_ms, 1u, 3'600'000u,
               "one request, connecting included")
      .List("llm_languages", &TranslationOptions::llm_languages,
            "content codes it translates between (every ordered pair is offered)", &CheckLanguage);
  return section;
}

}  // namespace

const config::Section<TranslationOptions>& TranslationSection() {
  static const TranslationConfig section = Declare();
  return section;
}

}  // namespace plaza::translate
