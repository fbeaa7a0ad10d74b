// Unicode normalization (ICU): the one place text is brought to NFC.

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include "text/text.hpp"

namespace plaza::text {

Result<std::string> ToNfc(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return Fail(Errc::kInternal, "NFC normalizer unavailable");
  const icu::UnicodeString source =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  if (nfc->isNormalized(source, status) && U_SUCCESS(status)) return std::string(s);
  status = U_ZERO_ERROR;
  const icu::UnicodeString normalized = nfc->normalize(source, status);
  if (U_FAILURE(status)) return Fail(Errc::kInvalidArgument, "text cannot be normalized");
  std::string out;
  normalized.toUTF8String(out);
  return out;
}

}  // namespace plaza::text
