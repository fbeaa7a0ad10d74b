#include "translate/opencc_engine.hpp"

#include <opencc.h>

#include "translate/spans.hpp"

namespace plaza::translate {

// One opened configuration. OpenCC's converter keeps no per-call state we rely on, but its
// thread safety is not documented: calls on one converter are serialized.
struct OpenccEngine::Converter {
  opencc_t handle = reinterpret_cast<opencc_t>(-1);
  std::mutex mutex;

  ~Converter() {
    if (handle != reinterpret_cast<opencc_t>(-1)) opencc_close(handle);
  }

  Result<std::string> Convert(std::string_view text) {
    std::lock_guard lock(mutex);
    char* converted = opencc_convert_utf8(handle, text.data(), text.size());
    if (converted == nullptr) {
      const char* why = opencc_error();
      return Fail(Errc::kUnavailable, std::string("opencc: ") + (why ? why : "conversion failed"));
    }
    std::string out(converted);
    opencc_convert_utf8_free(converted);
    return out;
  }
};

namespace {

Result<std::unique_ptr<OpenccEngine::Converter>> Open(const std::string& dir,
                                                      const std::string& config) {
  const std::string path = dir.empty() ? config : dir + "/" + config;
  auto converter = std::make_unique<OpenccEngine::Converter>();
  converter->handle = opencc_open(path.c_str());
  if (converter->handle == reinterpret_cast<opencc_t>(-1)) {
    const char* why = opencc_error();
    return Fail(Errc::kUnavailable,
                "opencc cannot open " + path + ": " + (why ? why : "unknown error"));
  }
  return converter;
}

}  // namespace

Result<std::unique_ptr<OpenccEngine>> OpenccEngine::Create(const std::string& config_dir) {
  std::unique_ptr<OpenccEngine> engine(new OpenccEngine());
  auto hant = Open(config_dir, "s2twp.json");
  if (!hant) return std::unexpected(hant.error());
  auto hans = Open(config_dir, "tw2sp.json");
  if (!hans) return std::unexpected(hans.error());
  engine->to_hant_ = std::move(*hant);
  engine->to_hans_ = std::move(*hans);
  return engine;
}

OpenccEngine::~OpenccEngine() = default;

std::vector<std::pair<std::string, std::string>> OpenccEngine::Pairs() const {
  return {{"zh-Hans", "zh-Hant"}, {"zh-Hant", "zh-Hans"}};
}

Result<std::vector<std::string>> OpenccEngine::Translate(std::string_view from, std::string_view to,
                                                         const std::vector<std::string>& segments) {
  Converter* converter = nullptr;
  if (from == "zh-Hans" && to == "zh-Hant") converter = to_hant_.get();
  if (from == "zh-Hant" && to == "zh-Hans") converter = to_hans_.get();
  if (converter == nullptr) {
    return Fail(Errc::kInvalidArgument,
                "opencc does not convert " + std::string(from) + " → " + std::string(to));
  }
  std::vector<std::string> out;
  out.reserve(segments.size());
  for (const std::string& segment : segments) {
    std::string converted;
    for (const Piece& piece : SplitSpans(segment)) {
      if (piece.is_protected) {
        converted += Protect(piece.text);
        continue;
      }
      auto text = converter->Convert(piece.text);
      if (!text) return std::unexpected(text.error());
      converted += *text;
    }
    if (converted.empty() && !segment.empty()) {
      return Fail(Errc::kUnavailable, "opencc answered nothing");
    }
    out.push_back(std::move(converted));
  }
  return out;
}

}  // namespace plaza::translate
