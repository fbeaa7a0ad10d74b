#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace plaza {

/// Wall-clock time in microseconds since the Unix epoch, UTC. Stored as is in every backend.
using Timestamp = std::int64_t;

/// The one source of domain time (sessions, throttles, leases, staleness). Tests drive a
/// ManualClock; production uses SystemClock. Network timeouts use Asio's steady clock instead.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
};

/// A clock that only moves when told to.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start = 1'700'000'000'000'000) : now_(start) {}
  Timestamp Now() const override { return now_.load(); }
  void Advance(std::chrono::microseconds by) { now_ += by.count(); }
  void Set(Timestamp t) { now_ = t; }

 private:
  std::atomic<Timestamp> now_;
};

constexpr Timestamp kMicrosPerSecond = 1'000'000;

/// "2026-11-28T21:36:02Z" (seconds precision, UTC).
std::string FormatRfc3339(Timestamp t);

/// "Sat, 28 Nov 2026 21:36:02 GMT", for the HTTP Date header.
std::string FormatHttpDate(Timestamp t);

}  // namespace plaza
