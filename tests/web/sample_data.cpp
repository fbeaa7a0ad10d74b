#include "sample_data.hpp"

#include <cstdlib>
#include <iostream>

namespace plaza::web::testing {

const Catalogs& SharedCatalogs() {
  static const std::unique_ptr<Catalogs> catalogs = [] {
    auto loaded = Catalogs::LoadEmbedded();
    if (!loaded) {
      std::cerr << "catalogs: " << loaded.error().message << "\n";
      std::abort();
    }
    return std::move(*loaded);
  }();
  return *catalogs;
}

Post SamplePost() {
  Post p;
  p.id = 42;
  p.author_id = 7;
  p.author_handle = "marta_k";
  p.author_display_name = "Marta Kowalska";
  p.revision = 2;
  p.title = "Musk's ego strikes again: behind his attempt to derail Altman's AI deal in the UAE";
  p.body_md = "Typical Elon...";
  p.body_html =
      "<p>Typical Elon: another tantrum when he is not the centre of attention. I have followed "
      "this drama unfold, and it is nothing less than a billionaire's ego trip.</p>\n"
      "<p>According to the WSJ, Musk made urgent calls to G42 executives, essentially warning "
      "them that their massive AI data-centre project would not be approved unless his xAI got "
      "a slice of the pie. Talk about playground tactics!</p>\n"
      "<p>Despite the meddling, the administration finally gave the green light to Stargate UAE "
      "on 22 May. The first phase, a <strong>200 MW</strong> data centre, should be ready by the "
      "end of 2026, with plans to expand to a full gigawatt.</p>\n"
      "<blockquote>\n<p>Is Musk protecting American interests in the AI race, or just his own "
      "ego?</p>\n</blockquote>\n"
      "<p>The deal lifts chip-export limits, letting the UAE import up to 500,000 AI chips a "
      "year, while $2 billion flows into a Trump-linked token, <code>$TRUMP</code>. Politics as "
      "usual.</p>\n";
  p.lang = "en";
  p.slug = "musk-ego-strikes-again";
  p.cashtags = {"TRUMP", "BTC"};
  p.created_at = 1'795'901'762LL * kMicrosPerSecond;
  p.edited_at = p.created_at + 3600 * kMicrosPerSecond;
  p.counts = PostCounts{.comments = 0, .likes = 12, .reposts = 3, .shares = 1, .tips = 5};
  return p;
}

PostCard CardOf(const Post& post) {
  PostCard card;
  card.id = post.id;
  card.author_id = post.author_id;
  card.author_handle = post.author_handle;
  card.author_display_name = post.author_display_name;
  card.revision = post.revision;
  card.title = post.title;
  card.html_head = post.body_html;
  card.lang = post.lang;
  card.slug = post.slug;
  card.cashtags = post.cashtags;
  card.created_at = post.created_at;
  card.edited_at = post.edited_at;
  card.counts = post.counts;
  return card;
}

std::vector<PostCard> CardsOf(const std::vector<Post>& posts) {
  std::vector<PostCard> cards;
  for (const Post& post : posts) cards.push_back(CardOf(post));
  return cards;
}

User SampleAuthor() {
  User u;
  u.id = 7;
  u.handle = "marta_k";
  u.display_name = "Marta Kowalska";
  u.bio = "Macro, AI and on-chain flows. Opinions are my own.";
  return u;
}

User SampleReader() {
  User u;
  u.id = 9;
  u.handle = "reader";
  u.display_name = "Reader";
  return u;
}

SiteSettings SampleSite() {
  SiteSettings s;
  s.site_name = "Plaza";
  s.base_url = "https://plaza.example";
  s.promo_url = "https://plaza.example/app";
  return s;
}

PageContext Context(const SiteSettings& site, std::string locale, std::optional<User> viewer,
                    std::string path) {
  const Catalog& catalog = SharedCatalogs().For(locale);
  return PageContext{catalog,          std::move(locale), site, std::move(viewer),
                     "csrf-token-123", std::move(path),   ""};
}

}  // namespace plaza::web::testing
