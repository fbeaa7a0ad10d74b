#include "web/templates.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "i18n/locales.hpp"
#include "i18n/numbers.hpp"
#include "web/assets.hpp"
#include "web/html.hpp"

namespace plaza::web {
namespace {

constexpr int kMaxIncludeDepth = 8;

std::uint64_t NextTemplatesId() {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

constexpr std::string_view kPageNames[] = {"home",      "post",          "profile",      "compose",
                                           "login",     "register",      "error",        "settings",
                                           "post_card", "notifications", "comment_item", "token",
                                           "wallet",    "reward",        "chips"};

std::string_view TemplateText(std::string_view name) {
  std::string path = StrCat("templates/", name, ".mustache");
  const Asset* asset = FindAsset(path);
  if (asset == nullptr) throw std::runtime_error(StrCat("missing template ", path));
  return asset->body;
}

// Braces would open mustache tags once the baked text is compiled.
std::string EncodeBraces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '{') {
      out += "&#123;";
    } else if (c == '}') {
      out += "&#125;";
    } else {
      out += c;
    }
  }
  return out;
}

bool AllDigits(std::string_view s) {
  if (s.empty() || s.size() > 18) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

struct Baker {
  const Catalog& catalog;
  std::string_view site_name;
  std::map<std::string, std::string, std::less<>> values;  // [[=name]], safe HTML
  std::string_view content;                                // the page that [[@content]] names

  std::string Message(std::string_view spec) const {
    std::string_view key = spec.substr(0, spec.find('|'));
    MessageArgs args;
    std::string_view rest = spec.size() > key.size() ? spec.substr(key.size() + 1) : "";
    while (!rest.empty()) {
      std::string_view arg = rest.substr(0, rest.find('|'));
      rest = arg.size() < rest.size() ? rest.substr(arg.size() + 1) : "";
      if (arg == "site") {
        args.emplace_back("site", std::string(site_name));
        continue;
      }
      std::size_t eq = arg.find('=');
      if (eq == std::string_view::npos)
        throw std::runtime_error(StrCat("bad message argument in ", spec));
      std::string name(arg.substr(0, eq));
      std::string_view value = arg.substr(eq + 1);
      if (AllDigits(value)) {
        args.emplace_back(name, static_cast<std::int64_t>(std::stoll(std::string(value))));
      } else {
        args.emplace_back(name, std::string(value));
      }
    }
    return EncodeBraces(HtmlEscape(catalog.Format(key, args)));
  }

  std::string Expand(std::string_view text, int depth) const {
    if (depth > kMaxIncludeDepth) throw std::runtime_error("templates include too deeply");
    std::string out;
    out.reserve(text.size() + text.size() / 4);
    std::size_t pos = 0;
    while (true) {
      std::size_t open = text.find("[[", pos);
      if (open == std::string_view::npos) break;
      std::size_t close = text.find("]]", open + 2);
      if (close == std::string_view::npos) throw std::runtime_error("unclosed [[ in a template");
      out.append(text.substr(pos, open - pos));
      std::string_view spec = text.substr(open + 2, close - open - 2);
      if (spec.starts_with('@')) {
        std::string_view name = spec.substr(1);
        out += Expand(name == "content" ? content : TemplateText(name), depth + 1);
      } else if (spec.starts_with('=')) {
        auto it = values.find(spec.substr(1));
        if (it == values.end()) throw std::runtime_error(StrCat("unknown value ", spec));
        out += it->second;
      } else {
        out += Message(spec);
      }
      pos = close + 2;
    }
    out.append(text.substr(pos));
    return out;
  }
};

// Drops the indentation at the start of every line (template text only, never values), and
// the line breaks after lines that hold nothing but a section tag or a comment, which would
// otherwise leave blank lines in the page.
std::string TidyLines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    std::string_view line = text.substr(pos, end == std::string_view::npos ? end : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    bool tag_only = line.size() > 4 && line.starts_with("{{") && line.ends_with("}}") &&
                    (line[2] == '#' || line[2] == '/' || line[2] == '^' || line[2] == '!') &&
                    line.find("}}") == line.size() - 2;
    out.append(line);
    if (!tag_only && end != std::string_view::npos) out += '\n';
  }
  return out;
}

// Splits mustache source into its tags and the literal runs between them; the runs go into
// `literals` and are replaced by {{{~N}}}. Comments are dropped.
std::string HoistLiterals(std::string_view source, std::vector<kainjow::mustache::data>& literals) {
  std::string out;
  std::size_t pos = 0;
  // kainjow collects output in a line buffer until it meets a line break in the template; a
  // bare line break every kilobyte or so keeps that buffer small instead of regrowing it to the
  // size of the page.
  constexpr std::size_t kFlushBytes = 1024;
  std::size_t since_break = 0;
  auto hoist = [&](std::string_view text) {
    if (text.empty()) return;
    out += StrCat("{{{~", std::to_string(literals.size()), "}}}");
    literals.emplace_back(std::string(text));
  };
  auto flush = [&](std::string_view text) {
    while (!text.empty()) {
      std::size_t nl =
          since_break + text.size() > kFlushBytes
              ? text.find('\n', since_break < kFlushBytes ? kFlushBytes - since_break : 0)
              : std::string_view::npos;
      if (nl == std::string_view::npos) {
        hoist(text);
        since_break += text.size();
        return;
      }
      hoist(text.substr(0, nl));
      out += '\n';
      since_break = 0;
      text.remove_prefix(nl + 1);
    }
  };
  while (pos < source.size()) {
    std::size_t open = source.find("{{", pos);
    if (open == std::string_view::npos) break;
    bool triple = source.substr(open, 3) == "{{{";
    std::size_t close = source.find(triple ? "}}}" : "}}", open);
    if (close == std::string_view::npos) throw std::runtime_error("unclosed mustache tag");
    close += triple ? 3 : 2;
    flush(source.substr(pos, open - pos));
    std::string_view tag = source.substr(open, close - open);
    if (!tag.starts_with("{{!")) out += tag;
    pos = close;
  }
  flush(source.substr(pos));
  return out;
}

// The names whose large values can skip kainjow's line buffer (see RenderContext): every tag
// that names them is unescaped ({{{name}}}), and no line holding one of those tags holds a
// section tag, so kainjow's rule for lines that hold only section tags and spaces (drop them)
// decides the same whether the line is flushed at the value or not.
std::vector<std::string> DirectNames(std::string_view source) {
  std::vector<std::string> triple;
  std::vector<std::string> other;
  std::size_t pos = 0;
  while (true) {
    std::size_t open = source.find("{{", pos);
    if (open == std::string_view::npos) break;
    const bool is_triple = source.substr(open, 3) == "{{{";
    std::size_t close = source.find(is_triple ? "}}}" : "}}", open);
    if (close == std::string_view::npos) break;
    std::string_view name =
        source.substr(open + (is_triple ? 3 : 2), close - open - (is_triple ? 3 : 2));
    pos = close + (is_triple ? 3 : 2);
    if (is_triple) {
      std::size_t line_start = source.rfind('\n', open);
      line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
      std::size_t line_end = source.find('\n', pos);
      std::string_view line =
          source.substr(line_start, line_end == std::string_view::npos ? std::string_view::npos
                                                                       : line_end - line_start);
      const bool sections = line.find("{{#") != std::string_view::npos ||
                            line.find("{{^") != std::string_view::npos ||
                            line.find("{{/") != std::string_view::npos;
      (sections ? other : triple).emplace_back(name);
    } else if (!name.empty()) {
      std::size_t skip = std::string_view("#^/&!").find(name[0]) == std::string_view::npos ? 0 : 1;
      other.emplace_back(name.substr(skip));
    }
  }
  std::vector<std::string> direct;
  for (auto& name : triple) {
    if (name.starts_with('~')) continue;  // hoisted literals: short runs, looked up by index
    if (std::find(other.begin(), other.end(), name) != other.end()) continue;
    if (std::find(direct.begin(), direct.end(), name) != direct.end()) continue;
    direct.push_back(std::move(name));
  }
  return direct;
}

// A render context whose "~N" names are the hoisted literal runs; other names are looked up in
// the pushed data, innermost first, as kainjow's own context does.
//
// kainjow appends every value to a line buffer and hands the line to the output when the
// template's line ends, so a large value (50 rendered comments, a list of cards, a post's body)
// was copied into a buffer regrown for it, then copied again into the page. A large string
// value of a direct name (DirectNames) is answered instead with a lambda: kainjow flushes the
// line so far to the output before calling a lambda, and the lambda appends the value to the
// page itself, once, in the same place.
class RenderContext final : public kainjow::mustache::basic_context<std::string> {
 public:
  using Data = kainjow::mustache::data;
  RenderContext(const std::vector<Data>& literals, const std::vector<std::string>& direct,
                const Data* root, std::string& out)
      : literals_(literals),
        direct_(direct),
        out_(out),
        append_(kainjow::mustache::lambda([this](const std::string&) {
          if (pending_ != nullptr) out_.append(*pending_);
          pending_ = nullptr;
          return std::string();
        })) {
    items_.reserve(8);
    items_.push_back(root);
  }
  void push(const Data* data) override { items_.push_back(data); }
  void pop() override { items_.pop_back(); }
  const Data* get(const std::string& name) const override {
    if (!name.empty() && name[0] == '~') {
      std::size_t index = 0;
      for (std::size_t i = 1; i < name.size(); ++i) index = index * 10 + (name[i] - '0');
      return index < literals_.size() ? &literals_[index] : nullptr;
    }
    if (name == ".") return items_.back();
    for (auto it = items_.rbegin(); it != items_.rend(); ++it) {
      if (const Data* d = (*it)->get(name)) return Direct(name, d);
    }
    return nullptr;
  }
  const Data* get_partial(const std::string&) const override { return nullptr; }

 private:
  // Values shorter than this go through the line buffer: the lambda has its own small cost.
  static constexpr std::size_t kDirectBytes = 1024;

  const Data* Direct(const std::string& name, const Data* d) const {
    if (!d->is_string() || d->string_value().size() < kDirectBytes) return d;
    if (std::find(direct_.begin(), direct_.end(), name) == direct_.end()) return d;
    pending_ = &d->string_value();
    return &append_;
  }

  const std::vector<Data>& literals_;
  const std::vector<std::string>& direct_;
  std::string& out_;
  const Data append_;
  mutable const std::string* pending_ = nullptr;
  std::vector<const Data*> items_;
};

// Collects kainjow's output straight into one string.
struct StringSink {
  std::string& out;
  StringSink& operator<<(const std::string& s) {
    out += s;
    return *this;
  }
};

std::string LanguageSwitcher(std::string_view current) {
  std::string html;
  for (const auto& l : Locales()) {
    std::string tag = HtmlEscape(l.tag);
    html += StrCat("<li><a class=\"language-link\" data-testid=\"lang-", tag,
                   "\" href=\"?lang=", tag, "\" lang=\"", tag, "\" hreflang=\"", tag, "\"");
    if (l.tag == current) html += " aria-current=\"true\"";
    html += StrCat(">", HtmlEscape(l.name), "</a></li>");
  }
  return EncodeBraces(html);
}

Baker MakeBaker(const Catalog& catalog, std::string_view locale, const SiteSettings& site) {
  Baker baker{catalog, site.site_name, {}, {}};
  const LocaleInfo* info = FindLocale(locale);
  baker.values["lang"] = EncodeBraces(HtmlEscape(info ? info->tag : std::string_view("en")));
  baker.values["dir"] = info != nullptr && info->rtl ? "rtl" : "ltr";
  // The page's script writes the numbers it changes with the server's digits (plaza.js).
  const NumberSymbols numbers = LocaleNumberSymbols(info ? info->tag : std::string_view("en"));
  baker.values["digits"] = EncodeBraces(HtmlEscape(numbers.digits));
  baker.values["digit_group"] = EncodeBraces(HtmlEscape(numbers.group));
  baker.values["site"] = EncodeBraces(HtmlEscape(site.site_name));
  baker.values["locale_name"] = EncodeBraces(HtmlEscape(info ? info->name : Locales()[1].name));
  baker.values["switcher"] = LanguageSwitcher(info ? info->tag : std::string_view("en"));
  // Operator texts replace the catalog's defaults.
  baker.values["disclaimer"] = site.disclaimer.empty() ? baker.Message("post.disclaimer|site")
                                                       : EncodeBraces(HtmlEscape(site.disclaimer));
  baker.values["promo_text"] = site.promo_text.empty() ? baker.Message("promo.text")
                                                       : EncodeBraces(HtmlEscape(site.promo_text));
  std::string qr = site.promo_url.empty() ? std::string() : QrSvg(site.promo_url);
  if (!qr.empty()) qr.insert(4, " data-testid=\"promo-qr\"");  // after "<svg"
  baker.values["promo_qr"] = EncodeBraces(qr);
  return baker;
}

}  // namespace

std::string PreprocessedPageSource(const Catalog& catalog, std::string_view locale,
                                   const SiteSettings& site, PageKind kind) {
  Baker baker = MakeBaker(catalog, locale, site);
  baker.content = TemplateText(kPageNames[static_cast<int>(kind)]);
  if (kind == PageKind::kCard || kind == PageKind::kComment || kind == PageKind::kChips) {
    return TidyLines(baker.Expand(baker.content, 0));
  }
  return TidyLines(baker.Expand(TemplateText("layout"), 0));
}

PageTemplates::PageTemplates(const Catalog& catalog, std::string_view locale,
                             const SiteSettings& site)
    : id_(NextTemplatesId()) {
  has_promo_ = !site.promo_url.empty() && !QrSvg(site.promo_url).empty();
  // Counts on the action bar are mostly small; formatting them is an ICU call each.
  constexpr int kSmallCounts = 1000;
  small_counts_.reserve(kSmallCounts);
  for (int n = 0; n < kSmallCounts; ++n) {
    small_counts_.push_back(catalog.Format("action.count", {{"count", std::int64_t{n}}}));
  }
  for (int i = 0; i < kKinds; ++i) {
    Page& page = pages_[i];
    std::string source = HoistLiterals(
        PreprocessedPageSource(catalog, locale, site, static_cast<PageKind>(i)), page.literals);
    page.direct = DirectNames(source);
    page.compiled = std::make_unique<kainjow::mustache::mustache>(source);
    // Same escaping as kainjow's own, copying unescaped runs in one go.
    page.compiled->set_custom_escape([](const std::string& text) { return HtmlEscape(text); });
    if (!page.compiled->is_valid()) {
      throw std::runtime_error(StrCat("template ", kPageNames[i],
                                      " does not compile: ", page.compiled->error_message()));
    }
  }
}

PageTemplates::~PageTemplates() = default;

const std::string* PageTemplates::SmallCount(std::int64_t n) const {
  if (n < 0 || n >= static_cast<std::int64_t>(small_counts_.size())) return nullptr;
  return &small_counts_[static_cast<std::size_t>(n)];
}

std::shared_ptr<const std::string> PageTemplates::Fragment(const std::string& key) const {
  std::lock_guard lock(fragments_mu_);
  auto it = fragments_.find(key);
  return it == fragments_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const std::string>> PageTemplates::Fragments(
    const std::vector<std::string>& keys) const {
  std::vector<std::shared_ptr<const std::string>> found;
  found.reserve(keys.size());
  std::lock_guard lock(fragments_mu_);
  for (const std::string& key : keys) {
    auto it = key.empty() ? fragments_.end() : fragments_.find(key);
    found.push_back(it == fragments_.end() ? nullptr : it->second);
  }
  return found;
}

void PageTemplates::KeepFragment(std::string key, std::shared_ptr<const std::string> html) const {
  // Enough for the cards of every page a busy site's readers walk; past it, start over.
  constexpr std::size_t kMaxFragments = 8192;
  std::lock_guard lock(fragments_mu_);
  if (fragments_.size() >= kMaxFragments) fragments_.clear();
  fragments_.insert_or_assign(std::move(key), std::move(html));
}

std::string PageTemplates::Render(PageKind kind, const kainjow::mustache::data& data,
                                  std::size_t size_hint) const {
  const Page& page = pages_[static_cast<int>(kind)];
  std::string out;
  out.reserve(size_hint);
  RenderContext context(page.literals, page.direct, &data, out);
  StringSink sink{out};
  page.compiled->render(context, sink);
  return out;
}

std::shared_ptr<const PageTemplates> TemplatesFor(const Catalog& catalog, std::string_view locale,
                                                  const SiteSettings& site) {
  // Keyed by everything the templates bake in. Settings are fixed for a process, so the key's
  // site part is compared, not hashed into a fingerprint that could collide.
  using Key =
      std::tuple<std::uint64_t, std::string, std::string, std::string, std::string, std::string>;
  static std::shared_mutex mu;
  static std::map<Key, std::shared_ptr<const PageTemplates>, std::less<>> cache;
  // Catalogs live for the process; tests make many, so the cache forgets everything when it
  // grows past what any real deployment needs (13 locales, one site).
  constexpr std::size_t kMaxEntries = 128;

  // Unknown locale tags share the English layout attributes; key them as such so that a
  // stranger's tags cannot grow the cache.
  std::string_view tag = FindLocale(locale) != nullptr ? locale : std::string_view("en");
  auto key = std::make_tuple(catalog.id(), std::string(tag), site.site_name, site.disclaimer,
                             site.promo_text, site.promo_url);
  {
    std::shared_lock lock(mu);
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
  }
  auto built = std::make_shared<const PageTemplates>(catalog, tag, site);
  std::unique_lock lock(mu);
  if (cache.size() >= kMaxEntries) cache.clear();
  auto [it, inserted] = cache.emplace(std::move(key), std::move(built));
  return it->second;
}

}  // namespace plaza::web
