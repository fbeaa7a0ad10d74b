#include "core/clock.hpp"

#include <ctime>

namespace plaza {

Timestamp SystemClock::Now() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {

std::tm ToUtc(Timestamp t) {
  std::time_t secs = static_cast<std::time_t>(t / kMicrosPerSecond);
  if (t < 0 && t % kMicrosPerSecond != 0) --secs;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return tm;
}

std::string Format(Timestamp t, const char* pattern) {
  std::tm tm = ToUtc(t);
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, pattern, &tm);
  return std::string(buf, n);
}

}  // namespace

std::string FormatRfc3339(Timestamp t) { return Format(t, "%Y-%m-%dT%H:%M:%SZ"); }

std::string FormatHttpDate(Timestamp t) { return Format(t, "%a, %d %b %Y %H:%M:%S GMT"); }

}  // namespace plaza
