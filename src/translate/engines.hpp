#pragma once

// The engines [translation] configures, made once (translation_options.hpp).

#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "outgoing/outgoing_options.hpp"
#include "translate/translation_options.hpp"
#include "translate/translator.hpp"

namespace plaza::translate {

/// The chunk limit of every engine: segments longer than this many bytes are cut (at sentence
/// ends, then spaces) before they are sent. Apertium answers a chunk this size in well under a
/// second; LibreTranslate's default character limit is 5,000 per request.
inline constexpr std::size_t kMaxChunkBytes = 2'000;

/// The engines named in options.engines, in that order. An offline engine that cannot start
/// here (Apertium or OpenCC not installed) is left out with a line in `notes` (also logged); an
/// HTTP engine with settings missing or wrong is kInvalidArgument naming the key.
Result<std::vector<std::unique_ptr<Engine>>> MakeEngines(const TranslationOptions& options,
                                                         const outgoing::OutgoingOptions& http,
                                                         std::vector<std::string>* notes = nullptr);

}  // namespace plaza::translate
