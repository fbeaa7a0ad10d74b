// The post page and GET /api/v1/posts/{id}?lang= with the translations module, through the real
// server, route table, page cache, job runner and SQLite file, over the scripted translation
// service: statuses and shapes, the views kept apart in the cache, and the tag drop when a
// translation is stored.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "accounts/accounts.hpp"
#include "accounts/login_backoff.hpp"
#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "events/event_hub.hpp"
#include "http/handlers/deps.hpp"
#include "http/handlers/page_cache.hpp"
#include "http/routes.hpp"
#include "http/server.hpp"
#include "http/sse.hpp"
#include "http/test_client.hpp"
#include "i18n/catalog.hpp"
#include "jobs/job_runner.hpp"
#include "module_world.hpp"
#include "ops/metrics.hpp"
#include "posts/posts.hpp"
#include "scratch_database.hpp"
#include "scripted_translator.hpp"
#include "summarize/module.hpp"
#include "summarize/summarize_texts.hpp"
#include "translation/module.hpp"
#include "web/pages.hpp"

namespace plaza::translation {
namespace {

using storage_test::Must;
namespace json = boost::json;

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class TranslationHttp : public ::testing::Test {
 protected:
  void SetUp() override {
    summarize::Register(w_.registry, summarize::SummaryOptions{"extractive"}, {}, {}, 3);
    Register(
        w_.registry, {},
        [this]() -> Result<std::shared_ptr<translate::Translator>> { return translator_; }, 3);
    ASSERT_TRUE(w_.Start(
        [this](std::int64_t id) {
          cache_.Drop(http::TagsForPostWrite(http::PostWrite::kSummaryStored, id, 0));
        },
        [this](const PostChange& change) {
          cache_.Drop(http::TagsForPostWrite(change.kind == PostChange::Kind::kCreated
                                                 ? http::PostWrite::kCreated
                                                 : http::PostWrite::kEdited,
                                             change.post_id, change.author_id));
        }));
    service_ = Must(w_.registry.MakeTranslations(*w_.context));

    http::ServerOptions options;
    options.handle_signals = false;
    options.worker_threads = 2;
    options.render_threads = 1;
    server_ = std::make_unique<http::Server>(options, nullptr);
    accounts_.emplace(*w_.store, w_.clock,
                      AccountThrottles{backoff_, login_limiter_, register_limiter_});
    deps_.emplace(http::Deps{
        .accounts = *accounts_,
        .posts = *w_.posts,
        .store = *w_.store,
        .catalogs = *w_.catalogs,
        .site = site_,
        .metrics = w_.metrics,
        .pool = server_->workers(),
        .render_pool = server_->render_workers(),
        .cache = cache_,
        .clock = w_.clock,
        .events = *w_.hub,
        .event_streams = streams_,
        .secure_cookies = false,
        .metrics_token = "",
        .translations = service_.get(),
    });
    http::AddRoutes(server_->router(), *deps_);
    ASSERT_TRUE(server_->Listen());
    thread_ = std::thread([this] { server_->Run(); });
    post_ = Must(
        w_.posts->Create(w_.author, PostInput{"Bitcoin holds above support",
                                              "Bitcoin held its level today.\n\n" +
                                                  std::string(summarize::testing::kEnglishBody),
                                              std::string("en")}));
    path_ = web::PostPath(post_);
  }

  void TearDown() override {
    if (server_) {
      server_->Stop();
      thread_.join();
      server_.reset();
    }
  }

  std::string Get(const std::string& target, int expected = 200) {
    http::testing::TestClient client(server_->port());
    auto response = client.Request("GET", target);
    EXPECT_TRUE(response.has_value()) << target;
    if (!response) return "";
    EXPECT_EQ(response->result_int(), expected) << target;
    return response->body();
  }
  json::object Translation(const std::string& lang) {
    const std::string body =
        Get("/api/v1/posts/" + std::to_string(post_.id) + (lang.empty() ? "" : "?lang=" + lang));
    json::value post = json::parse(body).at("post");
    EXPECT_TRUE(post.as_object().contains("summary")) << body;
    if (post.at("translation").is_null()) return {};
    return post.at("translation").as_object();
  }
  std::string PageKey(const std::string& locale, bool original = false) {
    return "post|" + path_ + "|" + locale + (original ? "|original" : "");
  }

  module_testing::ModuleWorld w_;
  InMemoryRateLimiter login_limiter_{w_.clock, RateLimit{1000, 60}};
  InMemoryRateLimiter register_limiter_{w_.clock, RateLimit{1000, 60}};
  LoginBackoff backoff_{w_.clock, LoginBackoffOptions{}};
  std::shared_ptr<testing::ScriptedTranslator> translator_ =
      std::make_shared<testing::ScriptedTranslator>();
  http::PageCache cache_{http::PageCacheOptions{}, w_.clock};
  http::EventStreams streams_{*w_.hub, http::EventStreamOptions{}};
  web::SiteSettings site_;
  std::shared_ptr<PostTranslations> service_;
  std::optional<Accounts> accounts_;
  std::unique_ptr<http::Server> server_;
  std::optional<http::Deps> deps_;
  std::thread thread_;
  Post post_;
  std::string path_;
};

TEST_F(TranslationHttp, TheApiAddsTheTranslationForTheAskedLocaleOnly) {
  EXPECT_TRUE(Translation("").empty());  // no ?lang=: "translation": null
  json::object pending = Translation("fr");
  EXPECT_EQ(pending.at("status"), "pending");
  EXPECT_EQ(pending.at("from"), "en");
  EXPECT_EQ(pending.at("to"), "fr");
  EXPECT_EQ(pending.at("engines"), (json::array{"apertium", "apertium"}));
  EXPECT_TRUE(pending.at("title").is_null());
  EXPECT_TRUE(pending.at("body_html").is_null());

  Must(w_.runner->RunPending());
  json::object ready = Translation("fr");
  EXPECT_EQ(ready.at("status"), "ready");
  EXPECT_EQ(ready.at("title"), "[fr] Bitcoin holds above support");
  EXPECT_TRUE(Contains(std::string(ready.at("body_html").as_string()), "<p>[fr] Bitcoin held"));
  ASSERT_TRUE(ready.at("summary").is_string()) << json::serialize(ready);
  EXPECT_TRUE(std::string(ready.at("summary").as_string()).starts_with("[fr] "));
  EXPECT_EQ(Translation("pt-BR").at("to"), "pt-BR");
  EXPECT_EQ(Translation("ru").at("status"), "unavailable");
  EXPECT_EQ(Translation("en").at("status"), "original");
  // An unknown value falls back to the negotiated locale (English here): never a 500.
  EXPECT_EQ(Translation("xx-%00").at("status"), "original");
  EXPECT_EQ(Translation("%ED%A0%80").at("status"), "original");
}

TEST_F(TranslationHttp, APendingPageShowsTheOriginalAndIsReplacedWhenTheTranslationIsStored) {
  const std::string pending = Get(path_ + "?lang=fr");
  EXPECT_TRUE(Contains(pending, "Traduction en cours…")) << pending;
  EXPECT_TRUE(Contains(pending, "<title>Bitcoin holds above support"));
  EXPECT_TRUE(Contains(pending, "data-status=\"pending\""));
  EXPECT_TRUE(Contains(pending, "<div class=\"post-content\" dir=\"auto\" lang=\"en\">"));
  ASSERT_NE(cache_.Get(PageKey("fr")), nullptr);  // cached, tagged with the post

  Must(w_.runner->RunPending());
  EXPECT_EQ(cache_.Get(PageKey("fr")), nullptr);  // dropped by the stored translation
  const std::string page = Get(path_ + "?lang=fr");
  EXPECT_TRUE(Contains(page, "<title>[fr] Bitcoin holds above support")) << page;
  EXPECT_TRUE(Contains(page, "<meta property=\"og:title\" content=\"[fr] Bitcoin holds"));
  EXPECT_TRUE(Contains(page, "<meta name=\"description\" content=\"[fr] Bitcoin held"));
  EXPECT_TRUE(Contains(page, "<div class=\"post-content\" dir=\"auto\" lang=\"fr\">"));
  EXPECT_TRUE(Contains(page, "data-testid=\"post-title\">[fr] Bitcoin holds"));
  EXPECT_TRUE(Contains(page, "anglais")) << "the source language named in French";
  EXPECT_TRUE(Contains(page, "href=\"?original=1\""));
  EXPECT_TRUE(Contains(page, "data-testid=\"post-alternate\" data-lang=\"en\""));
  // The summary in French, the original one travels with the original text.
  EXPECT_TRUE(Contains(page, "data-testid=\"summary-text\" dir=\"auto\" lang=\"fr\">[fr] "))
      << page;
}

TEST_F(TranslationHttp, TheOriginalAndTheTranslatedViewsAreCachedApart) {
  Must(w_.runner->RunPending());
  const std::string translated = Get(path_ + "?lang=fr");
  const std::string original = Get(path_ + "?lang=fr&original=1");
  EXPECT_TRUE(Contains(original, "<title>Bitcoin holds above support")) << original;
  EXPECT_TRUE(Contains(original, "<div class=\"post-content\" dir=\"auto\" lang=\"en\">"));
  EXPECT_TRUE(Contains(original, "Voir la traduction"));
  EXPECT_TRUE(Contains(original, "Texte original (anglais)"));
  EXPECT_TRUE(Contains(original, "data-testid=\"post-alternate\" data-lang=\"fr\""));
  auto translated_entry = cache_.Get(PageKey("fr"));
  auto original_entry = cache_.Get(PageKey("fr", true));
  ASSERT_NE(translated_entry, nullptr);
  ASSERT_NE(original_entry, nullptr);
  EXPECT_NE(
      std::find(translated_entry->tags.begin(), translated_entry->tags.end(), http::ViewTag(true)),
      translated_entry->tags.end());
  EXPECT_NE(
      std::find(original_entry->tags.begin(), original_entry->tags.end(), http::ViewTag(false)),
      original_entry->tags.end());
  // Cache hits answer each view with its own bytes.
  EXPECT_EQ(Get(path_ + "?lang=fr"), translated);
  EXPECT_EQ(Get(path_ + "?lang=fr&original=1"), original);
  EXPECT_EQ(Get(path_ + "?original=1&lang=fr"), original);

  // An edit drops both; the next translation drops them again.
  Must(w_.posts->Edit(w_.author, post_.id, 1,
                      PostInput{post_.title, "A fresh body about $ETH.", std::string("en")}));
  EXPECT_EQ(cache_.Get(PageKey("fr")), nullptr);
  EXPECT_EQ(cache_.Get(PageKey("fr", true)), nullptr);
  const std::string stale = Get(path_ + "?lang=fr");
  EXPECT_TRUE(Contains(stale, "Traduction en cours…")) << "the new body is not translated yet";
  Must(w_.runner->RunPending());
  EXPECT_EQ(cache_.Get(PageKey("fr")), nullptr);
  EXPECT_TRUE(Contains(Get(path_ + "?lang=fr"), "[fr] A fresh body about $ETH."));
}

TEST_F(TranslationHttp, SameLanguageHasNoLabelAndNoRouteSaysSo) {
  Must(w_.runner->RunPending());
  const std::string english = Get(path_ + "?lang=en");
  EXPECT_TRUE(Contains(english, "<div class=\"translation-bar\" hidden>"));
  EXPECT_FALSE(Contains(english, "post-alternate"));
  const std::string russian = Get(path_ + "?lang=ru");
  EXPECT_TRUE(Contains(russian, "Перевод недоступен (язык: русский)")) << russian;
  EXPECT_TRUE(Contains(russian, "<title>Bitcoin holds above support"));
  EXPECT_TRUE(Contains(russian, "lang=\"en\">"));
}

}  // namespace
}  // namespace plaza::translation
