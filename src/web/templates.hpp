#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <kainjow/mustache.hpp>

#include "i18n/catalog.hpp"
#include "web/pages.hpp"

namespace plaza::web {

/// The pages, each a template under templates/ wrapped in templates/layout.mustache; kCard is
/// a fragment (templates/post_card.mustache alone), rendered once per post revision and locale.
enum class PageKind {
  kHome,
  kPost,
  kProfile,
  kCompose,
  kLogin,
  kRegister,
  kError,
  kSettings,
  kCard,
  kNotifications,
  kComment,  // one comment of a post page, rendered apart (comments_view.cpp)
  kToken,    // /t/{SYMBOL} (market_views.cpp)
  kWallet,   // the reader's wallet (rewards_view.cpp)
  kReward,   // the reward form that works without script (rewards_view.cpp)
  kChips     // token chips, rendered alone for post pages and cards (market_views.cpp)
};

/// Every page's template, localized for one catalog and the operator's site settings and
/// compiled once.
///
/// Before compiling, double-square-bracket directives in the template text are resolved:
///   [[key]] or [[key|site|n=1|s=x]]  the catalog message, HTML-escaped (site = the site name;
///                                     other arguments are integers when all digits);
///   [[=name]]                         a value computed here (lang, dir, site, locale_name,
///                                     switcher, disclaimer, promo_text, promo_qr), already
///                                     safe HTML;
///   [[@name]]                         templates/name.mustache, resolved in turn.
/// Baked text never contains "{" (encoded), so it cannot inject mustache tags.
///
/// kainjow's parser makes one component of every word and every space of literal text, and
/// walking thousands of them dominated rendering. So each run of literal text between two
/// mustache tags is hoisted out of the source into a table and replaced by an unescaped tag
/// ({{{~N}}}) that the render context answers by index: kainjow still parses the sections,
/// escapes the values and renders, but walks only the tags.
class PageTemplates {
 public:
  /// Throws std::runtime_error when a template is missing or does not compile: that is a build
  /// defect, caught by the tests, never a runtime condition.
  PageTemplates(const Catalog& catalog, std::string_view locale, const SiteSettings& site);
  ~PageTemplates();
  PageTemplates(const PageTemplates&) = delete;
  PageTemplates& operator=(const PageTemplates&) = delete;

  /// Renders a page. Safe on many threads at once: rendering only reads the compiled template
  /// and the literal table (no partials or lambdas are used, the only paths where kainjow
  /// writes to a template).
  std::string Render(PageKind kind, const kainjow::mustache::data& data,
                     std::size_t size_hint) const;

  /// `n` formatted by the catalog's "action.count" message, from a table made at start-up;
  /// nullptr when `n` is outside 0..999.
  const std::string* SmallCount(std::int64_t n) const;
  /// Whether the promo block has a QR code to show (a promo URL is set and encodes).
  bool has_promo() const { return has_promo_; }
  /// Unique in the process, never reused: names these templates in a per-thread memo, where an
  /// address could name a later set.
  std::uint64_t id() const { return id_; }

  /// Rendered fragments memoized under a key that names every input they depend on (a post
  /// card: id, revision, author names; a share QR code: its permalink), so a list re-renders
  /// only the cards it has not seen.
  /// Bounded; thread-safe. nullptr when absent.
  std::shared_ptr<const std::string> Fragment(const std::string& key) const;
  /// Fragment of each of `keys` (a page of comments), under one lock.
  std::vector<std::shared_ptr<const std::string>> Fragments(
      const std::vector<std::string>& keys) const;
  void KeepFragment(std::string key, std::shared_ptr<const std::string> html) const;

 private:
  struct Page {
    std::unique_ptr<kainjow::mustache::mustache> compiled;
    std::vector<kainjow::mustache::data> literals;  // the hoisted text runs, by index
    std::vector<std::string> direct;                // names whose large values skip the line buffer
  };
  static constexpr int kKinds = 15;
  Page pages_[kKinds];
  mutable std::mutex fragments_mu_;
  mutable std::unordered_map<std::string, std::shared_ptr<const std::string>>
      fragments_;  // GUARDED_BY(fragments_mu_)
  std::vector<std::string> small_counts_;
  bool has_promo_ = false;
  const std::uint64_t id_;
};

/// The templates for (catalog, locale, site settings), built on first use and cached for the
/// process.
std::shared_ptr<const PageTemplates> TemplatesFor(const Catalog& catalog, std::string_view locale,
                                                  const SiteSettings& site);

/// The localized template source before compilation, for tests ("layout" + page name).
std::string PreprocessedPageSource(const Catalog& catalog, std::string_view locale,
                                   const SiteSettings& site, PageKind kind);

}  // namespace plaza::web
