#include "translate/engines.hpp"

#include <spdlog/spdlog.h>

#include "translate/apertium_engine.hpp"
#include "translate/http_engines.hpp"
#include "translate/opencc_engine.hpp"

namespace plaza::translate {

Result<std::vector<std::unique_ptr<Engine>>> MakeEngines(const TranslationOptions& options,
                                                         const outgoing::OutgoingOptions& http,
                                                         std::vector<std::string>* notes) {
  std::vector<std::unique_ptr<Engine>> engines;
  auto note = [notes](std::string line) {
    spdlog::warn("translation: {}", line);
    if (notes != nullptr) notes->push_back(std::move(line));
  };
  for (const std::string& name : options.engines) {
    if (name == "apertium") {
      ApertiumOptions apertium;
      apertium.modes_dir = options.apertium_modes_dir;
      apertium.pool_size = options.apertium_pool_size;
      apertium.timeout = std::chrono::milliseconds(options.apertium_timeout_ms);
      auto engine = ApertiumEngine::Create(std::move(apertium));
      if (!engine) {
        note("apertium left out: " + engine.error().message);
        continue;
      }
      for (const std::string& skipped : (*engine)->skipped()) {
        spdlog::debug("translation: apertium mode {}", skipped);
        if (notes != nullptr) notes->push_back("apertium mode " + skipped);
      }
      engines.push_back(std::move(*engine));
    } else if (name == "opencc") {
      auto engine = OpenccEngine::Create();
      if (!engine) {
        note("opencc left out: " + engine.error().message);
        continue;
      }
      engines.push_back(std::move(*engine));
    } else if (name == "libretranslate" || name == "llm") {
      const bool chat = name == "llm";
      HttpEngineOptions engine_options{
          .url = chat ? options.llm_url : options.libretranslate_url,
          .api_key = chat ? options.llm_api_key : options.libretranslate_api_key,
          .model = chat ? options.llm_model : std::string(),
          .timeout_ms = chat ? options.llm_timeout_ms : options.libretranslate_timeout_ms,
          .languages = chat ? options.llm_languages : options.libretranslate_languages,
      };
      auto engine = HttpEngine::Create(chat ? HttpApi::kChat : HttpApi::kLibreTranslate,
                                       std::move(engine_options), http);
      if (!engine) return std::unexpected(engine.error());
      engines.push_back(std::move(*engine));
    } else {
      return Fail(Errc::kInvalidArgument, "unknown translation engine '" + name + "'",
                  "translation.engines");
    }
  }
  return engines;
}

}  // namespace plaza::translate
