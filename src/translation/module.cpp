#include "translation/module.hpp"

#include <mutex>
#include <string>
#include <utility>

#include <spdlog/spdlog.h>

#include "events/event_hub.hpp"
#include "http/handlers/api_views.hpp"
#include "http/handlers/conversation_views.hpp"
#include "i18n/catalog.hpp"
#include "i18n/language_names.hpp"
#include "posts/posts.hpp"

namespace plaza::translation {
namespace {

// The one PostTranslations of a registry's running parts, made on first need. Register may run
// more than once (each registry gets its own).
struct Service {
  translate::TranslationOptions options;
  TranslatorFactory make_translator;
  int max_attempts = 1;
  std::mutex mu;
  std::shared_ptr<PostTranslations> made;  // GUARDED_BY(mu)

  Result<std::shared_ptr<PostTranslations>> Get(ModuleContext& context);
};

// After a translation is stored (or its job died): the post's cached pages go, and a reader
// whose page waits gets the translated text when the title and body are both there.
// A comment's translation stored (or its job dead): the post's cached pages go (they show the
// comment's state), and pages open on the post get comment.translation: the text when stored,
// "not available" when the job died.
void OnCommentStored(ModuleContext& context, PostTranslations& service,
                     const TranslateRequest& request) {
  if (context.drop_cached_post) context.drop_cached_post(request.post_id);
  auto comment = context.store.comments().Get(request.comment_id);
  if (!comment || comment->post_id != request.post_id || comment->status != CommentStatus::kLive) {
    return;  // gone meanwhile (or not this post's): nothing to show
  }
  auto view = service.CommentViewFor({comment->post_id, comment->id, comment->lang, comment->body},
                                     request.to);
  if (!view) {
    spdlog::warn("comment.translation for comment {}: {}", comment->id, view.error().message);
    return;
  }
  if (view->status == TextTranslationStatus::kAvailable) {
    view->status = TextTranslationStatus::kUnavailable;  // its job died: nothing will come
  } else if (view->status != TextTranslationStatus::kReady) {
    return;
  }
  const Catalogs& catalogs = context.catalogs;
  context.events.Publish("post:" + std::to_string(comment->post_id), "comment.translation",
                         [&catalogs, post_id = comment->post_id, comment_id = comment->id,
                          view = std::move(*view)](const std::string& locale) {
                           const bool same_target = translate::TargetForLocale(locale) == view.to;
                           return http::CommentTranslationEventJson(
                               post_id, comment_id, view,
                               same_target ? &catalogs.For(locale) : nullptr);
                         });
}

void OnStored(ModuleContext& context, PostTranslations& service, const TranslateRequest& request) {
  if (request.part == TextPart::kComment) {
    OnCommentStored(context, service, request);
    return;
  }
  if (context.drop_cached_post) context.drop_cached_post(request.post_id);
  auto read = context.posts.Read(request.post_id);
  if (!read) return;  // deleted meanwhile: nothing to show
  auto view = service.ViewForTarget(read->post, read->summary, request.to, Queueing::kNever, "");
  if (!view) {
    spdlog::warn("translation.ready for post {}: {}", request.post_id, view.error().message);
    return;
  }
  if (view->status != TranslationStatus::kReady) return;
  const Catalogs& catalogs = context.catalogs;
  context.events.Publish("post:" + std::to_string(request.post_id), "translation.ready",
                         [&catalogs, post_id = request.post_id, revision = read->post.revision,
                          view = std::move(*view)](const std::string& locale) {
                           return TranslationEventJson(catalogs, post_id, revision, view, locale);
                         });
}

Result<std::shared_ptr<PostTranslations>> Service::Get(ModuleContext& context) {
  std::lock_guard lock(mu);
  if (made) return made;
  std::shared_ptr<translate::Translator> translator;
  if (make_translator) {
    auto built = make_translator();
    if (!built) {
      Error e = built.error();
      e.message = "translation engines: " + e.message;
      return std::unexpected(std::move(e));
    }
    translator = std::move(*built);
  }
  made = std::make_shared<PostTranslations>(context.store, context.clock, std::move(translator),
                                            options, max_attempts);
  PostTranslations* service = made.get();
  service->SetOnStored([&context, service](const TranslateRequest& request) {
    OnStored(context, *service, request);
  });
  // Every summary stored queues its translation into the eager targets.
  context.summary_listeners.push_back([service](const Summary& summary) {
    if (auto queued = service->QueueSummary(summary); !queued) {
      spdlog::error("cannot queue the translation of post {}'s summary: {}", summary.post_id,
                    queued.error().message);
    }
  });
  return made;
}

}  // namespace

std::string TranslationEventJson(const Catalogs& catalogs, std::int64_t post_id, int revision,
                                 const TranslationView& view, const std::string& locale) {
  if (translate::TargetForLocale(locale) != view.to) {
    return http::TranslationEventJson(post_id, revision, view, nullptr);
  }
  TranslationView named = view;
  named.from_name = LanguageNameIn(view.from, locale);
  named.to_name = LanguageNameIn(view.to, locale);
  const std::string label = TranslatedFromLabel(catalogs.For(locale), view.from);
  return http::TranslationEventJson(post_id, revision, named, &label);
}

void Register(ModuleRegistry& registry, const translate::TranslationOptions& options,
              TranslatorFactory make_translator, int max_attempts) {
  auto service = std::make_shared<Service>();
  service->options = options;
  service->make_translator = std::move(make_translator);
  service->max_attempts = max_attempts;
  // Every revision stored queues its eager translations (in the revision's transaction).
  registry.AddRevisionJob(RevisionJob{std::string(kTranslateRevisionJobKind), max_attempts});
  registry.AddJobKind([service](ModuleContext& context) -> Result<jobs::JobKind> {
    auto made = service->Get(context);
    if (!made) return std::unexpected(made.error());
    std::shared_ptr<PostTranslations> translations = *made;
    return jobs::JobKind{
        std::string(kTranslateJobKind),
        [translations](const Job& job, const JobTicket& ticket) {
          return translations->RunTranslate(job, ticket);
        },
        [translations](const Job& job, const Error& error) {
          translations->OnTranslateDead(job, error);
        },
    };
  });
  registry.AddJobKind([service](ModuleContext& context) -> Result<jobs::JobKind> {
    auto made = service->Get(context);
    if (!made) return std::unexpected(made.error());
    std::shared_ptr<PostTranslations> translations = *made;
    return jobs::JobKind{
        std::string(kTranslateRevisionJobKind),
        [translations](const Job& job, const JobTicket& ticket) {
          return translations->RunRevision(job, ticket);
        },
        [](const Job& job, const Error& error) {
          spdlog::error("queueing the translations of {} failed after {} attempts: {}", job.payload,
                        job.attempts, error.message);
        },
    };
  });
  registry.SetTranslations([service](ModuleContext& context) { return service->Get(context); });
}

}  // namespace plaza::translation
