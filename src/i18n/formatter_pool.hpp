#pragma once

#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace plaza::i18n_detail {

/// Copies of one ICU formatter, lent out one per caller. ICU formatters lazily build internal
/// state inside const methods (plural rules, number formats), so one object must not format on
/// two threads at once; cloning per call would cost more than the formatting itself.
template <typename T>
class FormatterPool {
 public:
  explicit FormatterPool(std::unique_ptr<T> prototype) : prototype_(std::move(prototype)) {}

  /// Hands a copy back to the pool when it goes out of scope.
  class Lease {
   public:
    Lease(const FormatterPool* pool, std::unique_ptr<T> f) : pool_(pool), f_(std::move(f)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (f_) pool_->Return(std::move(f_));
    }
    T* operator->() const { return f_.get(); }
    T& operator*() const { return *f_; }
    explicit operator bool() const { return f_ != nullptr; }

   private:
    const FormatterPool* pool_;
    std::unique_ptr<T> f_;
  };

  Lease Borrow() const {
    {
      std::lock_guard lock(mu_);
      if (!free_.empty()) {
        auto f = std::move(free_.back());
        free_.pop_back();
        return Lease(this, std::move(f));
      }
    }
    // Cloning reads the prototype only, which nobody formats with.
    std::lock_guard lock(clone_mu_);
    return Lease(this, std::unique_ptr<T>(prototype_->clone()));
  }

  const T& prototype() const { return *prototype_; }

 private:
  // The pool only grows to the number of threads that ever formatted at once.
  void Return(std::unique_ptr<T> f) const {
    std::lock_guard lock(mu_);
    free_.push_back(std::move(f));
  }

  std::unique_ptr<T> prototype_;
  mutable std::mutex mu_;
  mutable std::mutex clone_mu_;
  mutable std::vector<std::unique_ptr<T>> free_;
};

}  // namespace plaza::i18n_detail
