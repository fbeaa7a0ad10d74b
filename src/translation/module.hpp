#pragma once

// The translations module (docs/translation.md, "The translations module"): stored
// translations of posts' titles, bodies and summaries, the "translate" and
// "translate.revision" jobs, the translation.ready event and the cache drop of a post whose
// translation is stored. Pages and the JSON API reach its PostTranslations through
// http::Deps::translations.

#include <functional>
#include <memory>

#include "core/result.hpp"
#include "modules/registry.hpp"
#include "translate/translation_options.hpp"
#include "translate/translator.hpp"
#include "translation/post_translations.hpp"

namespace plaza::translation {

/// Builds the translation service (engines and routes) once, when `plaza serve` starts; an
/// error stops it. src/app/modules.cpp passes the real one (translate::MakeTranslator over the
/// configured engines); tests pass a scripted one.
using TranslatorFactory = std::function<Result<std::shared_ptr<translate::Translator>>()>;

/// Registers the module: the "translate.revision" job with every revision and the
/// "translate" and "translate.revision" kinds (`max_attempts`: jobs.max_attempts), the hook that
/// queues a stored summary's translation, and the PostTranslations the handlers use. The
/// factory runs once, the first time the running parts need the service.
void Register(ModuleRegistry& registry, const translate::TranslationOptions& options,
              TranslatorFactory make_translator, int max_attempts);

/// The data of a translation.ready event for a subscriber reading in `locale`: the view's
/// texts and label when `locale`'s target is the view's, else only {post_id, revision, to}.
std::string TranslationEventJson(const Catalogs& catalogs, std::int64_t post_id, int revision,
                                 const TranslationView& view, const std::string& locale);

}  // namespace plaza::translation
