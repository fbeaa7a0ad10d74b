#include "http/handlers/post_translation.hpp"

#include <spdlog/spdlog.h>

#include "translate/translator.hpp"
#include "translation/post_translations.hpp"

namespace plaza::http {

std::optional<translation::TranslationView> TranslationFor(
    const Deps& deps, const Request& request, const Post& post,
    const summarize::SummaryView& summary, const std::optional<std::string>& locale) {
  if (!locale) return std::nullopt;
  if (deps.translations != nullptr) {
    auto view = deps.translations->ViewFor(post, summary, *locale, translation::Queueing::kReader,
                                           request.remote_address);
    if (view) return std::move(*view);
    spdlog::warn("translation of post {} for {}: {}", post.id, *locale, view.error().message);
  }
  // No service (or no answer from it): the reader gets what the author wrote.
  translation::TranslationView original;
  original.from = post.lang;
  original.to = translate::TargetForLocale(*locale).value_or("");
  const bool same = original.to.empty() || translate::ContentCodeOfTarget(original.to) == post.lang;
  original.status = same ? translation::TranslationStatus::kOriginal
                         : translation::TranslationStatus::kUnavailable;
  return original;
}

}  // namespace plaza::http
