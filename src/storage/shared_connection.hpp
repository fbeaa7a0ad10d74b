#pragma once

// The connection a thread's Store::ReadTogether shares (storage/store.hpp), for both backends:
// one slot per thread and per kind of owner (SQLite's Database, PostgreSQL's pool).

#include <utility>

namespace plaza::storage {

template <typename Owner, typename Connection>
class SharedConnection {
 public:
  /// The connection this thread shares on `owner`, or null outside a Share() of it.
  static Connection* Of(const Owner* owner) {
    const Slot& slot = ThisThread();
    return slot.owner == owner ? slot.conn : nullptr;
  }

  /// Runs `f` with `conn` shared on `owner` by this thread; the slot is restored however `f`
  /// leaves (a scope of another owner of the same kind, if any, comes back).
  template <typename F>
  static auto Share(const Owner* owner, Connection* conn, F&& f) {
    struct Restore {
      Slot outer = ThisThread();
      ~Restore() { ThisThread() = outer; }
    } restore;
    ThisThread() = Slot{owner, conn};
    return std::forward<F>(f)();
  }

 private:
  struct Slot {
    const Owner* owner = nullptr;
    Connection* conn = nullptr;
  };
  static Slot& ThisThread() {
    thread_local Slot slot;
    return slot;
  }
};

}  // namespace plaza::storage
