#include "app/demo.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <map>
#include <sstream>

#include "web/embedded_files.hpp"

namespace plaza::demo::detail {
PLAZA_DECLARE_EMBEDDED_FILES();
}  // namespace plaza::demo::detail

namespace plaza {
namespace {

constexpr std::string_view kDemoPath = "demo/demo_content.toml";

// Never a valid argon2id string, so no password verifies against it.
constexpr const char* kNoPassword = "!demo-account";

Result<User> EnsureUser(Store& store, const toml::table& entry, const Clock& clock) {
  const std::string handle = entry["handle"].value_or(std::string());
  if (auto existing = store.users().FindByHandle(handle)) return existing;
  NewUser user{handle, entry["display_name"].value_or(handle), kNoPassword, Role::kMember,
               clock.Now()};
  auto created = store.users().Create(user);
  if (!created) return created;
  const std::string bio = entry["bio"].value_or(std::string());
  if (auto st = store.users().UpdateProfile(created->id, created->display_name, bio); !st) {
    return std::unexpected(st.error());
  }
  created->bio = bio;
  return created;
}

}  // namespace

Result<int> LoadDemoContent(Store& store, Posts& posts, const Clock& clock) {
  auto count = store.posts().Count();
  if (!count) return std::unexpected(count.error());
  if (*count > 0) return 0;

  const auto* file =
      web::detail::FindEmbeddedFile(PLAZA_EMBEDDED_FILES(plaza::demo::detail), kDemoPath);
  if (file == nullptr)
    return Fail(Errc::kInternal, "src/app/demo/demo_content.toml is not embedded");
  toml::table doc;
  try {
    doc = toml::parse(file->body(), std::string("src/app/demo/demo_content.toml"));
  } catch (const toml::parse_error& e) {
    return Fail(Errc::kInternal, "demo content does not parse: src/app/demo/demo_content.toml:" +
                                     std::to_string(e.source().begin.line) + ": " +
                                     std::string(e.description()));
  }
  std::map<std::string, User, std::less<>> authors;
  if (const auto* users = doc["users"].as_array()) {
    for (const auto& node : *users) {
      const auto* entry = node.as_table();
      if (entry == nullptr) continue;
      auto user = EnsureUser(store, *entry, clock);
      if (!user) return std::unexpected(user.error());
      authors.emplace(user->handle, std::move(*user));
    }
  }
  int added = 0;
  const auto* list = doc["posts"].as_array();
  if (list == nullptr) return 0;
  // Oldest first, so ids grow with time as they do for real posts; ties keep file order.
  struct Entry {
    std::int64_t minutes_ago;
    std::size_t position;  // in the file
    const toml::table* table;
  };
  std::vector<Entry> entries;
  for (const auto& node : *list) {
    if (const auto* table = node.as_table()) {
      entries.push_back({(*table)["minutes_ago"].value_or(std::int64_t{0}), entries.size(), table});
    }
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.minutes_ago != b.minutes_ago) return a.minutes_ago > b.minutes_ago;
    return a.position < b.position;
  });
  for (const Entry& e : entries) {
    const toml::table* entry = e.table;
    auto author = authors.find((*entry)["author"].value_or(std::string()));
    if (author == authors.end()) {
      return Fail(Errc::kInternal, "demo post by an unknown author");
    }
    PostInput input{(*entry)["title"].value<std::string>(), (*entry)["body"].value<std::string>(),
                    (*entry)["lang"].value<std::string>()};
    auto post =
        posts.Import(author->second, input, clock.Now() - e.minutes_ago * 60 * kMicrosPerSecond);
    if (!post) {
      Error e = post.error();
      e.message = "demo post '" + input.title.value_or("") + "': " + e.message;
      return std::unexpected(std::move(e));
    }
    ++added;
  }
  return added;
}

}  // namespace plaza
