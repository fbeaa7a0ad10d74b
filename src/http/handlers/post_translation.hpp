#pragma once

// The one call from the core post handlers (page and JSON) into the translations module.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "http/handlers/deps.hpp"
#include "http/message.hpp"
#include "storage/comment_store.hpp"
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

/// What a reader in `locale` is shown of each comment's translation, one per comment in order
/// (read only), except `ask` (a comment id; 0 = none: ?translate=), whose translation is
/// requested (queued within the per-address limit: over it, unavailable). Deleted comments read
/// as originals. Blocking: call it on the worker pool. Without the translations module, or when
/// the store fails (logged), every comment reads as written.
std::vector<translation::TextTranslationView> CommentTranslationsFor(
    const Deps& deps, const Request& request, const std::vector<Comment>& comments,
    const std::string& locale, std::int64_t ask);

/// A reader in `locale` asks for comment `comment_id`'s translation (POST
/// /api/v1/comments/{id}/translation): RequestComment on the translations service. kNotFound
/// for an unknown comment, kGone when it or its post is deleted or hidden, kRateLimited over the
/// per-address limit. Without the module: original, or unavailable in another language.
/// Blocking: call it on the worker pool.
Result<translation::TextTranslationView> RequestCommentTranslation(const Deps& deps,
                                                                   const Request& request,
                                                                   std::int64_t comment_id,
                                                                   const std::string& locale);

}  // namespace plaza::http
