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

std::vector<translation::TextTranslationView> CommentTranslationsFor(
    const Deps& deps, const Request& request, const std::vector<Comment>& comments,
    const std::string& locale, std::int64_t ask) {
  std::vector<translation::TextTranslationView> views(comments.size());
  const std::string target = translate::TargetForLocale(locale).value_or("");
  for (std::size_t i = 0; i < comments.size(); ++i) {
    views[i].from = comments[i].lang;
    views[i].to = target;
  }
  if (deps.translations == nullptr) return views;
  // The page's live comments read together; the one asked about (?translate=) on its own.
  std::vector<translation::CommentText> texts;
  std::vector<std::size_t> batched;
  for (std::size_t i = 0; i < comments.size(); ++i) {
    const Comment& c = comments[i];
    if (c.status != CommentStatus::kLive || c.id == ask) continue;
    texts.push_back(translation::CommentText{c.post_id, c.id, c.lang, c.body});
    batched.push_back(i);
  }
  if (!texts.empty()) {
    auto together = deps.translations->CommentViewsFor(texts, target);
    if (together) {
      for (std::size_t k = 0; k < batched.size(); ++k)
        views[batched[k]] = std::move((*together)[k]);
    } else {
      spdlog::warn("translations of {} comments for {}: {}", texts.size(), locale,
                   together.error().message);
    }
  }
  for (std::size_t i = 0; i < comments.size(); ++i) {
    const Comment& c = comments[i];
    if (c.status != CommentStatus::kLive || c.id != ask) continue;
    const translation::CommentText text{c.post_id, c.id, c.lang, c.body};
    auto view = deps.translations->RequestComment(text, target, request.remote_address);
    if (view) {
      views[i] = std::move(*view);
    } else if (view.error().code == Errc::kRateLimited) {
      // Asked too often from this address this minute: "not available" for now.
      auto read = deps.translations->CommentViewFor(text, target);
      if (read) views[i] = std::move(*read);
      views[i].status = translation::TextTranslationStatus::kUnavailable;
    } else {
      spdlog::warn("translation of comment {} for {}: {}", c.id, locale, view.error().message);
    }
  }
  return views;
}

Result<translation::TextTranslationView> RequestCommentTranslation(const Deps& deps,
                                                                   const Request& request,
                                                                   std::int64_t comment_id,
                                                                   const std::string& locale) {
  auto comment = deps.store.comments().Get(comment_id);
  if (!comment) return std::unexpected(comment.error());
  if (comment->status != CommentStatus::kLive) return Fail(Errc::kGone, "the comment was deleted");
  auto post = deps.store.posts().Get(comment->post_id);
  if (!post) return std::unexpected(post.error());
  if (post->status != PostStatus::kLive) return Fail(Errc::kGone, "the post is gone");
  const std::string target = translate::TargetForLocale(locale).value_or("");
  const translation::CommentText text{comment->post_id, comment->id, comment->lang, comment->body};
  if (deps.translations != nullptr) {
    return deps.translations->RequestComment(text, target, request.remote_address);
  }
  translation::TextTranslationView view;
  view.from = comment->lang;
  view.to = target;
  const bool same = target.empty() || comment->lang.empty() || comment->lang == "und" ||
                    translate::ContentCodeOfTarget(target) == comment->lang;
  view.status = same ? translation::TextTranslationStatus::kOriginal
                     : translation::TextTranslationStatus::kUnavailable;
  return view;
}

}  // namespace plaza::http
