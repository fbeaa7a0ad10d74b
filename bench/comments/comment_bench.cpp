// Comments per second through the Comments service with durable commits, and the cost of the
// first page of comments on the uncached post page.
//
//   plaza_comment_bench [--storage sqlite|PG_ADMIN_CONNINFO] [--comments N] [--threads T]
//                       [--page-rounds R]
//
// Comments: a fresh database (SQLite file with synchronous=FULL, or a new PostgreSQL database),
// one post, T threads each writing N/T comments through Comments::Create (validation, NFC,
// language detection, the store's transaction with the post's count, notifications to the post's
// author). Reported: comments per second.
//
// Page: two posts, one with 200 comments and one with none; R interleaved rounds, each reading
// and rendering each post page as PostPage does without its cache (Posts::Read,
// comments::ReadForPage with the post page's first page, web::RenderPost), alternating which
// goes first. Reported: pages per second of each and their ratio. This is the work of a page
// whose comments are read and rendered (a signed-in reader's, or an anonymous one after a
// change); an anonymous reader's page is usually the kept one (docs/conversation.md), which
// bench/comments/page_http.sh measures over HTTP against the goal (>= 0.8).

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <unistd.h>

#include "comments/comments.hpp"
#include "core/allocator.hpp"
#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "i18n/catalog.hpp"
#include "notifications/notifications.hpp"
#include "posts/posts.hpp"
#include "storage/postgres/pg_admin.hpp"
#include "storage/postgres/pg_store.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "web/pages.hpp"

namespace plaza {
namespace {

struct Options {
  std::string storage = "sqlite";
  int comments = 2000;
  int threads = 4;
  int page_rounds = 300;
};

[[noreturn]] void Die(const char* what, const Error& error) {
  std::fprintf(stderr, "%s: %s\n", what, error.message.c_str());
  std::exit(1);
}

struct Db {
  std::unique_ptr<Store> store;
  std::filesystem::path dir;
  std::string pg_db;
  std::string admin;
  ~Db() {
    store.reset();
    if (!dir.empty()) std::filesystem::remove_all(dir);
    if (!pg_db.empty()) (void)DropPgDatabase(admin, pg_db);
  }
};

void Open(const Options& options, const char* name, Db& db) {
  std::string url;
  if (options.storage == "sqlite") {
    db.dir = std::filesystem::temp_directory_path() /
             (std::string("plaza-") + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(db.dir);
    std::filesystem::create_directories(db.dir);
    url = (db.dir / "plaza.db").string();
  } else {
    db.admin = options.storage;
    db.pg_db = std::string("plaza_") + name + "_" + std::to_string(::getpid());
    auto conninfo = CreatePgDatabase(options.storage, db.pg_db);
    if (!conninfo) Die("cannot create a database", conninfo.error());
    url = *conninfo;
  }
  // StoreOptions{}: synchronous=FULL on SQLite, every commit durable.
  auto store =
      db.pg_db.empty() ? OpenSqliteStore(url, StoreOptions{}) : OpenPgStore(url, StoreOptions{});
  if (!store) Die("cannot open the store", store.error());
  if (auto migrated = (*store)->Migrate(); !migrated) Die("cannot migrate", migrated.error());
  db.store = std::move(*store);
}

User AddUser(Store& store, const Clock& clock, const std::string& handle) {
  auto user = store.users().Create(
      NewUser{handle, "Bench " + handle, "$argon2id$not-a-real-hash", Role::kMember, clock.Now()});
  if (!user) Die("cannot add a user", user.error());
  return *user;
}

const char* kBodies[] = {
    "Bitcoin held its range today; volumes stayed thin ahead of the inflation figures. 👍🏽",
    "Je pense que le marché attend la banque centrale avant de bouger.",
    "La liquidez en los exchanges grandes sigue baja esta semana.",
    "流动性仍然很低，大家都在等通胀数据。",
};

double CommentsPerSecond(const Options& options) {
  Db db;
  Open(options, "comment_bench", db);
  SystemClock clock;
  InMemoryRateLimiter unlimited(clock, RateLimit{1'000'000, 60});
  Posts posts(*db.store, clock, unlimited);
  User author = AddUser(*db.store, clock, "author");
  auto post = posts.Import(author, PostInput{"A post to comment on", "Body.", "en"}, clock.Now());
  if (!post) Die("cannot publish", post.error());
  std::vector<User> readers;
  for (int t = 0; t < options.threads; ++t) {
    readers.push_back(AddUser(*db.store, clock, "reader" + std::to_string(t)));
  }
  notifications::Notifications notes(*db.store, clock);
  comments::Comments service(*db.store, clock, notes, {unlimited, unlimited, unlimited});
  const int per_thread = options.comments / options.threads;
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < options.threads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        comments::CommentInput input{kBodies[i % 4], 0, "", ""};
        auto stored = service.Create(readers[t], post->id, input);
        if (!stored) Die("cannot comment", stored.error());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return per_thread * options.threads / seconds;
}

void PagePair(const Options& options) {
  Db db;
  Open(options, "page_bench", db);
  SystemClock clock;
  InMemoryRateLimiter unlimited(clock, RateLimit{1'000'000, 60});
  Posts posts(*db.store, clock, unlimited);
  User author = AddUser(*db.store, clock, "author");
  const std::string body =
      "Bitcoin held its ground through the week while the dollar weakened. Traders pointed to "
      "the inflation figures, which came in below forecasts.";
  auto busy = posts.Import(author, PostInput{"With comments", body, "en"}, clock.Now());
  auto quiet = posts.Import(author, PostInput{"Without comments", body, "en"}, clock.Now());
  if (!busy || !quiet) Die("cannot publish", Error{});
  notifications::Notifications notes(*db.store, clock);
  comments::Comments service(*db.store, clock, notes, {unlimited, unlimited, unlimited});
  for (int i = 0; i < 200; ++i) {
    auto stored =
        service.Create(author, busy->id, comments::CommentInput{kBodies[i % 4], 0, "", ""});
    if (!stored) Die("cannot comment", stored.error());
  }
  auto catalogs = Catalogs::LoadEmbedded();
  if (!catalogs) Die("catalogs", catalogs.error());
  web::SiteSettings site;
  const auto render = [&](std::int64_t id) {
    auto read = posts.Read(id);
    auto thread =
        comments::ReadForPage(*db.store, id, "", std::nullopt, comments::kPostPageComments);
    if (!read || !thread) Die("cannot read the post", Error{});
    web::PostConversation conversation;
    conversation.comments = std::move(thread->comments.items);
    conversation.next_cursor = thread->comments.next_cursor;
    web::PageContext ctx{(*catalogs)->For("fr"), "fr", site, std::nullopt, "", "/p/1", "v"};
    return web::RenderPost(ctx, read->post, read->summary, 0, nullptr, false, &conversation).size();
  };
  for (int i = 0; i < 20; ++i) render(busy->id), render(quiet->id);  // warm caches
  double busy_s = 0;
  double quiet_s = 0;
  std::size_t bytes = 0;
  for (int round = 0; round < options.page_rounds; ++round) {
    for (int k = 0; k < 2; ++k) {
      const bool do_busy = (round + k) % 2 == 0;
      const auto start = std::chrono::steady_clock::now();
      bytes += render(do_busy ? busy->id : quiet->id);
      const double s =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      (do_busy ? busy_s : quiet_s) += s;
    }
  }
  const double busy_rate = options.page_rounds / busy_s;
  const double quiet_rate = options.page_rounds / quiet_s;
  std::printf(
      "post page, uncached (read + first page of comments + render), %d interleaved rounds:\n",
      options.page_rounds);
  std::printf("  no comments:  %8.0f pages/s\n", quiet_rate);
  std::printf("  200 comments: %8.0f pages/s (%d shown, read and rendered)\n", busy_rate,
              comments::kPostPageComments);
  std::printf("  ratio:        %8.2f  [%zu bytes rendered]\n", busy_rate / quiet_rate, bytes);
}

}  // namespace
}  // namespace plaza

int main(int argc, char** argv) {
  plaza::TuneAllocator();  // as `plaza serve` does: the page rounds measure the server's render
  plaza::Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--storage") {
      options.storage = value;
    } else if (flag == "--comments") {
      options.comments = std::atoi(value);
    } else if (flag == "--threads") {
      options.threads = std::max(1, std::atoi(value));
    } else if (flag == "--page-rounds") {
      options.page_rounds = std::max(1, std::atoi(value));
    } else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }
  const char* backend = options.storage == "sqlite" ? "SQLite (synchronous=FULL)" : "PostgreSQL";
  const double rate = plaza::CommentsPerSecond(options);
  std::printf("%s: %d comments by %d threads: %.0f comments/s\n", backend, options.comments,
              options.threads, rate);
  plaza::PagePair(options);
  return 0;
}
