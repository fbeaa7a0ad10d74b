#include "i18n/message_shape.hpp"

#include <algorithm>
#include <memory>

#include <unicode/locid.h>
#include <unicode/messagepattern.h>
#include <unicode/plurrule.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace plaza {
namespace {

MessageArgKind KindOf(UMessagePatternArgType type) {
  switch (type) {
    case UMSGPAT_ARG_TYPE_PLURAL:
      return MessageArgKind::kPlural;
    case UMSGPAT_ARG_TYPE_SELECTORDINAL:
      return MessageArgKind::kSelectOrdinal;
    case UMSGPAT_ARG_TYPE_SELECT:
      return MessageArgKind::kSelect;
    case UMSGPAT_ARG_TYPE_CHOICE:
      return MessageArgKind::kChoice;
    default:
      return MessageArgKind::kSimple;
  }
}

std::string Utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// After these parts the pattern continues with message text; after the others (argument
// names, types, styles, selectors, the closing brace of a sub-message) it continues with
// argument syntax.
bool TextFollows(UMessagePatternPartType type) {
  return type == UMSGPAT_PART_TYPE_MSG_START || type == UMSGPAT_PART_TYPE_ARG_LIMIT ||
         type == UMSGPAT_PART_TYPE_SKIP_SYNTAX || type == UMSGPAT_PART_TYPE_INSERT_CHAR ||
         type == UMSGPAT_PART_TYPE_REPLACE_NUMBER;
}

}  // namespace

Result<MessageShape> DescribeMessage(std::string_view pattern) {
  icu::UnicodeString upattern =
      icu::UnicodeString::fromUTF8(icu::StringPiece(pattern.data(), pattern.size()));
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error{};
  icu::MessagePattern mp(upattern, &parse_error, status);
  if (U_FAILURE(status)) {
    return Fail(Errc::kInvalidArgument, std::string("not an ICU MessageFormat pattern (") +
                                            u_errorName(status) + " at offset " +
                                            std::to_string(parse_error.offset) + ")");
  }
  MessageShape shape;
  icu::UnicodeString text;
  // One entry per open argument: the index of its MessageShape::Plural, or -1.
  std::vector<int> open;
  int32_t text_from = -1;  // where literal text started, or -1 inside argument syntax
  for (int32_t i = 0; i < mp.countParts(); ++i) {
    const icu::MessagePattern::Part& part = mp.getPart(i);
    const UMessagePatternPartType type = part.getType();
    if (text_from >= 0 && part.getIndex() > text_from) {
      text.append(upattern, text_from, part.getIndex() - text_from);
    }
    switch (type) {
      case UMSGPAT_PART_TYPE_ARG_START: {
        const UMessagePatternArgType arg_type = part.getArgType();
        const icu::MessagePattern::Part& name = mp.getPart(i + 1);
        const MessageArgKind kind = KindOf(arg_type);
        shape.arguments.emplace(Utf8(mp.getSubstring(name)), kind);
        if (kind == MessageArgKind::kPlural || kind == MessageArgKind::kSelectOrdinal) {
          shape.plurals.push_back(
              {Utf8(mp.getSubstring(name)), kind == MessageArgKind::kSelectOrdinal, {}, {}});
          open.push_back(static_cast<int>(shape.plurals.size()) - 1);
        } else {
          open.push_back(-1);
        }
        break;
      }
      case UMSGPAT_PART_TYPE_ARG_LIMIT:
        if (!open.empty()) open.pop_back();
        break;
      case UMSGPAT_PART_TYPE_ARG_SELECTOR:
        if (!open.empty() && open.back() >= 0) {
          auto& plural = shape.plurals[static_cast<std::size_t>(open.back())];
          std::string selector = Utf8(mp.getSubstring(part));
          if (selector.starts_with('=')) {
            plural.explicit_values.insert(std::move(selector));
          } else {
            plural.keywords.insert(std::move(selector));
          }
        }
        break;
      default:
        break;
    }
    text_from = TextFollows(type) ? part.getLimit() : -1;
  }
  shape.text = Utf8(text);
  return shape;
}

bool IsLanguageNeutral(const MessageShape& shape, std::span<const std::string_view> names) {
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(shape.text);
  int32_t i = 0;
  while (i < text.length()) {
    UChar32 c = text.char32At(i);
    if (!u_isalpha(c)) {
      i += U16_LENGTH(c);
      continue;
    }
    const int32_t start = i;
    bool lower = false;
    while (i < text.length() && u_isalpha(c = text.char32At(i))) {
      lower = lower || u_isULowercase(c) || !u_isUUppercase(c);
      i += U16_LENGTH(c);
    }
    icu::UnicodeString word(text, start, i - start);
    const bool abbreviation = !lower && word.countChar32() >= 2;
    const std::string utf8 = Utf8(word);
    const bool name = std::find(names.begin(), names.end(), utf8) != names.end();
    if (!abbreviation && !name) return false;
  }
  return true;
}

std::set<std::string> PluralKeywords(std::string_view locale, bool ordinal) {
  std::set<std::string> out;
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale icu_locale = icu::Locale::forLanguageTag(std::string(locale), status);
  if (U_FAILURE(status)) return {"other"};
  std::unique_ptr<icu::PluralRules> rules(icu::PluralRules::forLocale(
      icu_locale, ordinal ? UPLURAL_TYPE_ORDINAL : UPLURAL_TYPE_CARDINAL, status));
  if (U_FAILURE(status) || !rules) return {"other"};
  std::unique_ptr<icu::StringEnumeration> keywords(rules->getKeywords(status));
  if (U_FAILURE(status) || !keywords) return {"other"};
  while (const icu::UnicodeString* k = keywords->snext(status)) {
    if (U_FAILURE(status)) break;
    out.insert(Utf8(*k));
  }
  out.insert("other");
  return out;
}

}  // namespace plaza
