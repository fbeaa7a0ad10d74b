#pragma once

// The one call from the core post handlers (page and JSON) into the translations module.

#include <optional>
#include <string>

#include "http/handlers/deps.hpp"
#include "http/message.hpp"
#include "summarize/summary_view.hpp"
#include "translation/translation_view.hpp"

namespace plaza::http {

/// What a reader in `locale` is shown of `post`'s translation; nullopt without a locale. Blocking
/// (store reads, job enqueues): call it on the worker pool. Missing jobs are queued within the
/// per-address limit (the request's address). Without the translations module, or when the
/// store fails (logged), the reader gets the original: a page never fails for a translation.
std::optional<translation::TranslationView> TranslationFor(
    const Deps& deps, const Request& request, const Post& post,
    const summarize::SummaryView& summary, const std::optional<std::string>& locale);

}  // namespace plaza::http
