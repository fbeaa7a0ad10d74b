#include <qrencode.h>

#include <memory>
#include <string>

#include "web/html.hpp"
#include "web/pages.hpp"

namespace plaza::web {
namespace {

// Longer URLs make a QR code too dense to scan from a screen; refuse rather than draw noise.
constexpr std::size_t kMaxQrBytes = 1024;
constexpr int kQuietZone = 4;  // modules of margin that scanners need (ISO/IEC 18004)

}  // namespace

std::string QrSvg(std::string_view url) {
  if (url.empty() || url.size() > kMaxQrBytes) return {};
  std::string text(url);
  if (text.find('\0') != std::string::npos) return {};
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
  if (!code) return {};
  const int width = code->width;
  const int size = width + 2 * kQuietZone;
  std::string svg;
  svg.reserve(static_cast<std::size_t>(width) * width * 3);
  const std::string side = std::to_string(size);
  const std::string pixels = std::to_string(size * 4);
  svg += StrCat("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 ", side, " ",
                side, "\" width=\"", pixels, "\" height=\"", pixels,
                "\" shape-rendering=\"crispEdges\" aria-hidden=\"true\" focusable=\"false\">");
  // A light background of its own: scanners need dark-on-light even in a dark theme.
  svg += StrCat("<rect width=\"", side, "\" height=\"", side,
                "\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
  // One horizontal run of dark modules per sub-path.
  for (int y = 0; y < width; ++y) {
    const unsigned char* row = code->data + static_cast<std::ptrdiff_t>(y) * width;
    for (int x = 0; x < width;) {
      if ((row[x] & 1) == 0) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < width && (row[x + run] & 1) != 0) ++run;
      const std::string length = std::to_string(run);
      svg += StrCat("M", std::to_string(x + kQuietZone), " ", std::to_string(y + kQuietZone), "h",
                    length, "v1h-", length, "z");
      x += run;
    }
  }
  svg += "\"/></svg>";
  return svg;
}

}  // namespace plaza::web
