#pragma once

// The storage contract suite: every test runs once per backend ("sqlite", "postgresql") against
// a fresh, migrated database. PostgreSQL cases need PLAZA_TEST_PG (see scratch_database.hpp).

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "scratch_database.hpp"
#include "storage/store.hpp"

namespace plaza::storage_test {

class StoreContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    MakeScratchDatabase(GetParam(), db_);
    if (IsSkipped() || HasFatalFailure()) return;
    auto store = db_->Open();
    ASSERT_TRUE(store) << Describe(store.error());
    store_ = std::move(*store);
    auto version = store_->Migrate();
    ASSERT_TRUE(version) << Describe(version.error());
  }

  void TearDown() override {
    store_.reset();  // connections close before the database is dropped
    db_.reset();
  }

  Store& store() { return *store_; }
  UserStore& users() { return store_->users(); }
  SessionStore& sessions() { return store_->sessions(); }
  PostStore& posts() { return store_->posts(); }
  JobStore& jobs() { return store_->jobs(); }
  SummaryStore& summaries() { return store_->summaries(); }
  TranslationStore& translations() { return store_->translations(); }

  User AddUser(const std::string& handle) {
    NewUser user;
    user.handle = handle;
    user.display_name = "Name of " + handle;
    user.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
    user.created_at = clock_.Now();
    return Must(users().Create(user));
  }

  static RevisionContent Content(const std::string& title, std::vector<std::string> cashtags = {}) {
    RevisionContent content;
    content.title = title;
    content.body_md = "Body of *" + title + "*";
    content.body_html = "<p>Body of <em>" + title + "</em></p>";
    content.lang = "en";
    content.lang_source = LangSource::kDetected;
    content.slug = "slug-of-post";
    content.cashtags = std::move(cashtags);
    return content;
  }

  NewPost MakePost(std::int64_t author_id, const std::string& title,
                   std::vector<std::string> cashtags = {}) {
    NewPost post;
    post.author_id = author_id;
    post.content = Content(title, std::move(cashtags));
    post.created_at = clock_.Now();
    return post;
  }

  Post AddPost(std::int64_t author_id, const std::string& title,
               std::vector<std::string> cashtags = {}) {
    clock_.Advance(std::chrono::seconds(1));
    return Must(posts().Create(MakePost(author_id, title, std::move(cashtags))));
  }

  static std::vector<std::int64_t> Ids(const std::vector<Post>& items) {
    std::vector<std::int64_t> ids;
    for (const auto& p : items) ids.push_back(p.id);
    return ids;
  }

  ManualClock clock_;
  std::unique_ptr<ScratchDatabase> db_;
  std::unique_ptr<Store> store_;
};

}  // namespace plaza::storage_test

/// Runs `suite` (a subclass of StoreContract) against every backend.
#define PLAZA_STORE_CONTRACT(suite)                                                          \
  INSTANTIATE_TEST_SUITE_P(Backends, suite,                                                  \
                           ::testing::Values(std::string(::plaza::storage_test::kSqlite),    \
                                             std::string(::plaza::storage_test::kPostgres)), \
                           [](const auto& info) { return info.param; })
